// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <atomic>

#include "core/config/ExperimentConfig.h"
#include "core/train/TrainObserver.h"
#include "app/workbench/CometMetaTypes.h"

namespace comet::workbench {

class PauseGate;
class WorkerMailbox;

// Trains one experiment on the session's thread (moved there, no parent, deleted
// on QThread::finished). Observes the trainer: steps, run info, epochs, probe
// reports and the final summary go into the WorkerMailbox, and `posted` (no
// arguments) tells the session to take the events. Catches every exception and
// reports it as a failed run.
class TrainingWorker : public QObject, public TrainObserver {
  Q_OBJECT
 public:
  TrainingWorker(int runId, ExperimentConfig config, std::string directory, const std::atomic<bool>& stop,
                 PauseGate& gate, WorkerMailbox& mailbox);

  void run();

  void runStarted(const RunInfo& info) override;
  void stepFinished(const StepRecord& step) override;
  void epochFinished(const EpochRecord& epoch) override;
  void probeFinished(const ProbeReport& report) override;
  void textSampled(const TextSample& sample) override;

 Q_SIGNALS:
  void posted();    // events wait in the mailbox
  void finished();  // after the last event

 private:
  const int m_runId;
  const ExperimentConfig m_config;
  const std::string m_directory;
  const std::atomic<bool>& m_stop;
  PauseGate& m_gate;
  WorkerMailbox& m_mailbox;
};

}  // namespace comet::workbench
