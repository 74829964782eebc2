// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/TrainingWorker.h"

#include "app/workbench/PauseGate.h"
#include "app/workbench/StepBuffer.h"
#include "core/run/ExperimentRun.h"

namespace comet::workbench {

TrainingWorker::TrainingWorker(int runId, ExperimentConfig config, std::string directory,
                               const std::atomic<bool>& stop, PauseGate& gate, StepBuffer& steps)
    : m_runId(runId), m_config(std::move(config)), m_directory(std::move(directory)), m_stop(stop), m_gate(gate),
      m_steps(steps) {}

void TrainingWorker::run() {
  RunSummary summary;
  try {
    ExperimentRun run{m_config, m_directory, {this}};
    summary = runExperiment(run, m_stop);
  } catch (const std::exception& e) {
    summary.status = RunStatus::Failed;
    summary.message = e.what();
  } catch (...) {
    summary.status = RunStatus::Failed;
    summary.message = "unknown error";
  }
  Q_EMIT runEnded(m_runId, summary);
  Q_EMIT finished();
}

void TrainingWorker::runStarted(const RunInfo& info) { Q_EMIT runInfoArrived(m_runId, info); }

void TrainingWorker::stepFinished(const StepRecord& step) {
  m_steps.push(m_runId, step);
  m_gate.waitWhilePaused(m_stop);
}

void TrainingWorker::epochFinished(const EpochRecord& epoch) { Q_EMIT epochArrived(m_runId, epoch); }

void TrainingWorker::probeFinished(const ProbeReport& report) { Q_EMIT probeArrived(m_runId, report); }

}  // namespace comet::workbench
