// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/TrainingSession.h"

#include <map>

#include "app/workbench/TrainingWorker.h"

namespace comet::workbench {

namespace {
constexpr int kDrainMs = 35;  // ~28 Hz
}

TrainingSession::TrainingSession(QObject* parent) : QObject(parent) {
  registerCometMetaTypes();
  qRegisterMetaType<std::vector<comet::StepRecord>>();
  m_drainTimer.setInterval(kDrainMs);
  connect(&m_drainTimer, &QTimer::timeout, this, &TrainingSession::drainSteps);
  connect(&m_thread, &QThread::finished, this, &TrainingSession::onThreadFinished);
}

TrainingSession::~TrainingSession() { shutdown(); }

void TrainingSession::start(std::vector<Job> jobs) {
  for (auto& j : jobs) {
    j.config.probe.everyEpoch = true;
    m_queue.push_back(std::move(j));
  }
  if (!isRunning()) startNext();
}

void TrainingSession::startNext() {
  if (m_queue.empty()) {
    m_drainTimer.stop();
    Q_EMIT statusChanged(tr("Idle"));
    Q_EMIT sessionFinished();
    return;
  }
  Job job = std::move(m_queue.front());
  m_queue.pop_front();
  m_stop = false;
  m_currentRun = job.runId;
  m_totalSteps = m_lastStep = 0;
  m_epochs = totalEpochs(job.config);
  m_lastElapsed = 0;
  auto* worker = new TrainingWorker(job.runId, job.config, job.directory, m_stop, m_gate, m_mailbox);
  worker->moveToThread(&m_thread);
  connect(&m_thread, &QThread::started, worker, &TrainingWorker::run);
  // Direct: quit() is thread-safe, and shutdown() waits with the GUI loop blocked.
  connect(worker, &TrainingWorker::finished, &m_thread, &QThread::quit, Qt::DirectConnection);
  connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
  connect(worker, &TrainingWorker::posted, this, &TrainingSession::takeEvents);
  Q_EMIT statusChanged(tr("Run %1: loading data").arg(job.runId));
  m_drainTimer.start();
  m_thread.start();
}

void TrainingSession::setPaused(bool paused) {
  m_gate.setPaused(paused);
  Q_EMIT statusChanged(paused ? tr("Paused") : tr("Training"));
  Q_EMIT pausedChanged(paused);
}

void TrainingSession::requestStop() {
  m_queue.clear();
  m_stop = true;
  m_gate.wake();
  if (isRunning()) Q_EMIT statusChanged(tr("Stopping after the current batch"));
}

void TrainingSession::shutdown() {
  requestStop();
  if (m_thread.isRunning()) {
    m_thread.quit();
    m_thread.wait();
  }
}

void TrainingSession::drainSteps() {
  auto pending = m_mailbox.takeSteps();
  if (pending.empty()) return;
  std::map<int, std::vector<comet::StepRecord>> byRun;
  for (auto& [id, step] : pending) byRun[id].push_back(step);
  for (auto& [id, steps] : byRun) {
    const auto& last = steps.back();
    Q_EMIT stepsArrived(id, steps);
    if (id != m_currentRun) continue;
    m_lastStep = last.step;
    m_lastElapsed = last.elapsedSeconds;
    const double eta = m_lastStep > 0 && m_totalSteps > m_lastStep
                           ? m_lastElapsed / double(m_lastStep) * double(m_totalSteps - m_lastStep) : 0.0;
    Q_EMIT progressed(id, m_lastStep, m_totalSteps, last.epoch, m_epochs, eta);
  }
}

void TrainingSession::takeEvents() {
  for (auto& event : m_mailbox.takeEvents()) {
    const int id = event.runId;
    if (const auto* info = std::get_if<RunInfo>(&event.value)) {
      onRunInfo(id, *info);
    } else if (const auto* epoch = std::get_if<EpochRecord>(&event.value)) {
      drainSteps();  // the epoch's steps first
      Q_EMIT epochFinished(id, *epoch);
      Q_EMIT statusChanged(tr("Run %1: epoch %2 of %3 done, probing masks").arg(id).arg(epoch->epoch).arg(m_epochs));
    } else if (const auto* report = std::get_if<ProbeReport>(&event.value)) {
      Q_EMIT probeFinished(id, *report);
    } else if (const auto* sample = std::get_if<TextSample>(&event.value)) {
      Q_EMIT textSampled(id, *sample);
    } else if (const auto* summary = std::get_if<RunSummary>(&event.value)) {
      onRunEnded(id, *summary);
    }
  }
}

void TrainingSession::onRunInfo(int runId, const comet::RunInfo& info) {
  m_totalSteps = info.totalSteps;
  Q_EMIT runStarted(runId, info);
  Q_EMIT statusChanged(tr("Run %1: training on %2 examples (%3 threads)")
                           .arg(runId).arg(info.trainExamples).arg(info.threads));
}

void TrainingSession::onRunEnded(int runId, const comet::RunSummary& summary) {
  drainSteps();
  Q_EMIT runFinished(runId, summary);
  Q_EMIT statusChanged(tr("Run %1 %2. %3").arg(runId).arg(QString::fromStdString(toString(summary.status)),
                                                       QString::fromStdString(summary.message)));
}

void TrainingSession::onThreadFinished() {
  takeEvents();  // anything the worker posted just before it ended
  drainSteps();
  m_currentRun = -1;
  if (m_gate.isPaused()) setPaused(false);
  startNext();
}

}  // namespace comet::workbench
