// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <atomic>

#include "core/config/ExperimentConfig.h"
#include "core/train/TrainObserver.h"
#include "widgets/CometMetaTypes.h"

namespace comet::workbench {

class PauseGate;
class StepBuffer;

// Trains one experiment on the session's thread (moved there, no parent, deleted
// on QThread::finished). Observes the trainer: steps go into the StepBuffer,
// epochs and probes leave as queued signals of value types. Catches every
// exception and reports it as a failed run.
class TrainingWorker : public QObject, public TrainObserver {
  Q_OBJECT
 public:
  TrainingWorker(int runId, ExperimentConfig config, std::string directory, const std::atomic<bool>& stop,
                 PauseGate& gate, StepBuffer& steps);

  void run();

  void runStarted(const RunInfo& info) override;
  void stepFinished(const StepRecord& step) override;
  void epochFinished(const EpochRecord& epoch) override;
  void probeFinished(const ProbeReport& report) override;

 Q_SIGNALS:
  void runInfoArrived(int runId, const comet::RunInfo& info);
  void epochArrived(int runId, const comet::EpochRecord& epoch);
  void probeArrived(int runId, const comet::ProbeReport& report);
  void runEnded(int runId, const comet::RunSummary& summary);
  void finished();

 private:
  const int m_runId;
  const ExperimentConfig m_config;
  const std::string m_directory;
  const std::atomic<bool>& m_stop;
  PauseGate& m_gate;
  StepBuffer& m_steps;
};

}  // namespace comet::workbench
