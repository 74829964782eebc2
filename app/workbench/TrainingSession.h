// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <deque>
#include <vector>

#include "app/workbench/PauseGate.h"
#include "app/workbench/WorkerMailbox.h"
#include "core/config/ExperimentConfig.h"
#include "app/workbench/CometMetaTypes.h"

namespace comet::workbench {

// Owns the training thread (a QThread held by value) and runs queued jobs one
// after another, each in a fresh TrainingWorker. The GUI thread never waits on it,
// except in shutdown() (closing the window), which stops the run and joins.
class TrainingSession : public QObject {
  Q_OBJECT
 public:
  struct Job {
    int runId = 0;
    ExperimentConfig config;
    std::string directory;
  };

  explicit TrainingSession(QObject* parent = nullptr);
  ~TrainingSession() override;

  // Queues jobs (probe.every_epoch is switched on); starts the first if idle.
  void start(std::vector<Job> jobs);
  void setPaused(bool paused);
  bool isPaused() const { return m_gate.isPaused(); }
  // Stops the current run after its batch and drops the queue.
  void requestStop();
  // requestStop() and wait for the worker: the run directory is complete (stopped).
  void shutdown();
  bool isRunning() const { return m_currentRun >= 0; }
  int currentRun() const { return m_currentRun; }

 Q_SIGNALS:
  void runStarted(int runId, const comet::RunInfo& info);
  void stepsArrived(int runId, const std::vector<comet::StepRecord>& steps);
  void epochFinished(int runId, const comet::EpochRecord& epoch);
  void probeFinished(int runId, const comet::ProbeReport& report);
  void textSampled(int runId, const comet::TextSample& sample);
  void runFinished(int runId, const comet::RunSummary& summary);
  void progressed(int runId, qint64 step, qint64 totalSteps, qint64 epoch, qint64 epochs, double etaSeconds);
  void statusChanged(const QString& text);
  void pausedChanged(bool paused);
  void sessionFinished();

 private:
  void startNext();
  void drainSteps();
  void takeEvents();  // the worker's events, in order
  void onRunInfo(int runId, const comet::RunInfo& info);
  void onRunEnded(int runId, const comet::RunSummary& summary);
  void onThreadFinished();

  QThread m_thread;
  QTimer m_drainTimer;
  std::atomic<bool> m_stop{false};
  PauseGate m_gate;
  WorkerMailbox m_mailbox;
  std::deque<Job> m_queue;
  int m_currentRun = -1;
  qint64 m_totalSteps = 0;
  qint64 m_epochs = 0;
  qint64 m_lastStep = 0;
  double m_lastElapsed = 0;
};

}  // namespace comet::workbench
