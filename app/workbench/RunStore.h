// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <map>
#include <memory>
#include <vector>

#include "widgets/RunData.h"

namespace comet::workbench {

class TrainingSession;

// The runs the workbench shows, live and opened from disk: plain RunData values
// keyed by id, with what the training session reports applied to them. Views are
// told through signals and read the values; only the store changes them.
class RunStore : public QObject {
  Q_OBJECT
 public:
  using QObject::QObject;

  // Stores `run` under a fresh id with its colour; emits runAdded.
  gui::RunData& add(gui::RunData run);
  const gui::RunData* find(int id) const;
  std::vector<int> ids() const;

  // Applies the session's reports (the calls below) as the session makes them.
  void follow(const TrainingSession& session);
  // The session's reports about run `id` (unknown ids are ignored).
  void markTraining(int id);
  void appendSteps(int id, const std::vector<StepRecord>& steps);
  void addEpoch(int id, const EpochRecord& epoch);
  void setProbe(int id, const ProbeReport& report);
  void addSample(int id, const TextSample& sample);
  void finish(int id, const RunSummary& summary);

  // "Finished: 1 completed, 1 diverged (see the Status column)" for these runs.
  QString outcome(const std::vector<int>& ids) const;

 Q_SIGNALS:
  void runAdded(int id);
  void runChanged(int id);     // its summary or epochs (a table row)
  void stepsAppended(int id);  // its per-step losses (the curves)
  void probeChanged(int id);
  void samplesChanged(int id);
  void runFinished(int id);

 private:
  gui::RunData* findMutable(int id);
  std::map<int, std::unique_ptr<gui::RunData>> m_runs;
  int m_nextId = 1;
};

}  // namespace comet::workbench
