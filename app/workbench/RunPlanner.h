// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <vector>

#include "core/config/ExperimentConfig.h"

namespace comet::workbench {

// One run a Start trains: its config and its run directory, already made on disk.
struct PlannedRun {
  ExperimentConfig config;  // probe.every_epoch on: the inspection views follow every epoch
  QString directory;
};

// Which runs a Start trains and where they go, without widgets: the form's config
// once per seed, then again for each comparison method (--compare), each in a
// fresh run directory under the runs folder.
class RunPlanner {
 public:
  explicit RunPlanner(QString runsFolder = {}) : m_runsFolder(std::move(runsFolder)) {}

  const QString& runsFolder() const { return m_runsFolder; }
  void setRunsFolder(const QString& folder) { m_runsFolder = folder; }
  // The methods Start also trains, with the form's other settings. An unknown name
  // is refused: returns an error text that names it (and the closest known one),
  // and the methods stay as they were. Empty on success.
  QString setCompareMethods(const QStringList& methods);
  const QStringList& compareMethods() const { return m_compareMethods; }

  // `perSeed` (the form's config, one per seed), then for each comparison method a
  // copy of each of them with that method; a config that already uses the method is
  // not trained twice.
  std::vector<ExperimentConfig> expand(const std::vector<ExperimentConfig>& perSeed) const;
  // A run directory per config, in order (RUNS/<name>-<method>-s<seed>-<time>), each
  // made at once so that the next config with the same name in the same second
  // gets its own ("-2"), and so does a later Start.
  std::vector<PlannedRun> reserve(const std::vector<ExperimentConfig>& configs) const;
  // Where `comet sweep` writes a sweep file's cells unless told: RUNS/<file's stem>.
  QString sweepFolder(const QString& sweepFile) const;

 private:
  QString m_runsFolder;
  QStringList m_compareMethods;
};

}  // namespace comet::workbench
