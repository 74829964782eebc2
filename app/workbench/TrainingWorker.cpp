// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/TrainingWorker.h"

#include "app/workbench/PauseGate.h"
#include "app/workbench/WorkerMailbox.h"
#include "core/run/ExperimentRun.h"

namespace comet::workbench {

TrainingWorker::TrainingWorker(int runId, ExperimentConfig config, std::string directory,
                               const std::atomic<bool>& stop, PauseGate& gate, WorkerMailbox& mailbox)
    : m_runId(runId), m_config(std::move(config)), m_directory(std::move(directory)), m_stop(stop), m_gate(gate),
      m_mailbox(mailbox) {}

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
  m_mailbox.post({m_runId, summary});
  Q_EMIT posted();
  Q_EMIT finished();
}

void TrainingWorker::runStarted(const RunInfo& info) {
  m_mailbox.post({m_runId, info});
  Q_EMIT posted();
}

void TrainingWorker::stepFinished(const StepRecord& step) {
  m_mailbox.pushStep(m_runId, step);
  m_gate.waitWhilePaused(m_stop);
}

void TrainingWorker::epochFinished(const EpochRecord& epoch) {
  m_mailbox.post({m_runId, epoch});
  Q_EMIT posted();
}

void TrainingWorker::probeFinished(const ProbeReport& report) {
  m_mailbox.post({m_runId, report});
  Q_EMIT posted();
}

void TrainingWorker::textSampled(const TextSample& sample) {
  m_mailbox.post({m_runId, sample});
  Q_EMIT posted();
}

}  // namespace comet::workbench
