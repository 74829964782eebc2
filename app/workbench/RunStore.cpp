// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/RunStore.h"

#include <QDir>
#include <QStringList>
#include <cmath>

#include "app/workbench/TrainingSession.h"

namespace comet::workbench {

using gui::RunData;

RunData& RunStore::add(RunData run) {
  run.id = m_nextId++;
  run.colour = gui::runColour(run.id - 1);
  auto& stored = *(m_runs[run.id] = std::make_unique<RunData>(std::move(run)));
  Q_EMIT runAdded(stored.id);
  return stored;
}

const RunData* RunStore::find(int id) const {
  const auto it = m_runs.find(id);
  return it == m_runs.end() ? nullptr : it->second.get();
}

RunData* RunStore::findMutable(int id) {
  const auto it = m_runs.find(id);
  return it == m_runs.end() ? nullptr : it->second.get();
}

void RunStore::follow(const TrainingSession& session) {
  connect(&session, &TrainingSession::runStarted, this, [this](int id, const RunInfo&) { markTraining(id); });
  connect(&session, &TrainingSession::stepsArrived, this, &RunStore::appendSteps);
  connect(&session, &TrainingSession::epochFinished, this, &RunStore::addEpoch);
  connect(&session, &TrainingSession::probeFinished, this, &RunStore::setProbe);
  connect(&session, &TrainingSession::textSampled, this, &RunStore::addSample);
  connect(&session, &TrainingSession::runFinished, this, &RunStore::finish);
}

std::vector<int> RunStore::ids() const {
  std::vector<int> ids;
  for (const auto& [id, r] : m_runs) ids.push_back(id);
  return ids;
}

void RunStore::markTraining(int id) {
  if (auto* r = findMutable(id)) {
    r->summary.message = "training";
    Q_EMIT runChanged(id);
  }
}

void RunStore::appendSteps(int id, const std::vector<StepRecord>& steps) {
  if (auto* r = findMutable(id)) {
    r->steps.insert(r->steps.end(), steps.begin(), steps.end());
    Q_EMIT stepsAppended(id);
  }
}

void RunStore::addEpoch(int id, const EpochRecord& epoch) {
  auto* r = findMutable(id);
  if (!r) return;
  r->epochs.push_back(epoch);
  r->summary.epochsDone = epoch.epoch;
  r->summary.seconds += epoch.seconds;
  if (std::isfinite(epoch.valAcc) && !(epoch.valAcc <= r->summary.bestValAcc)) r->summary.bestValAcc = epoch.valAcc;
  r->summary.message = "training";
  Q_EMIT runChanged(id);
}

void RunStore::setProbe(int id, const ProbeReport& report) {
  if (auto* r = findMutable(id)) {
    r->probe = report;
    Q_EMIT probeChanged(id);
  }
}

void RunStore::addSample(int id, const TextSample& sample) {
  if (auto* r = findMutable(id)) {
    r->samples.push_back(sample);
    Q_EMIT samplesChanged(id);
  }
}

void RunStore::finish(int id, const RunSummary& summary) {
  auto* r = findMutable(id);
  if (!r) return;
  r->summary = summary;
  // A run that failed before training wrote nothing: drop its reserved, empty folder.
  if (summary.status == RunStatus::Failed) QDir().rmdir(r->directory);
  Q_EMIT runChanged(id);
  Q_EMIT runFinished(id);
}

QString RunStore::outcome(const std::vector<int>& ids) const {
  std::map<QString, int> counts;  // status -> runs, in a stable order
  int badly = 0;
  for (int id : ids)
    if (const auto* r = find(id)) {
      ++counts[QString::fromStdString(toString(r->summary.status))];
      badly += gui::endedBadly(r->summary) ? 1 : 0;
    }
  QStringList parts;
  for (const auto& [status, n] : counts) parts << tr("%1 %2").arg(n).arg(status);
  QString text = tr("Finished: %1").arg(parts.join(", "));
  if (badly) text += tr(" (see the Status column)");
  return text;
}

}  // namespace comet::workbench
