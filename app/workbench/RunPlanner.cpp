// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/RunPlanner.h"

#include <QDir>
#include <QFileInfo>
#include <algorithm>

#include "core/config/MethodNames.h"
#include "core/run/ExperimentRun.h"
#include "core/util/EditDistance.h"

namespace comet::workbench {

QString RunPlanner::setCompareMethods(const QStringList& methods) {
  const std::vector<std::string> known = methodNames();
  for (const QString& method : methods) {
    const std::string name = method.toStdString();
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    const std::string near = closestMatch(name, known);
    QStringList all;
    for (const auto& k : known) all << QString::fromStdString(k);
    return QStringLiteral("--compare: unknown method '%1'%2; known methods: %3")
        .arg(method, near.empty() ? QString() : QStringLiteral(" (did you mean '%1'?)").arg(QString::fromStdString(near)),
             all.join(QStringLiteral(", ")));
  }
  m_compareMethods = methods;
  return {};
}

std::vector<ExperimentConfig> RunPlanner::expand(const std::vector<ExperimentConfig>& perSeed) const {
  std::vector<ExperimentConfig> configs = perSeed;
  for (const QString& method : m_compareMethods)
    for (const ExperimentConfig& config : perSeed)
      if (method.toStdString() != config.model.method) {
        configs.push_back(config);
        configs.back().model.method = method.toStdString();
      }
  return configs;
}

std::vector<PlannedRun> RunPlanner::reserve(const std::vector<ExperimentConfig>& configs) const {
  std::vector<PlannedRun> runs;
  for (const ExperimentConfig& config : configs) {
    PlannedRun run{config, QString::fromStdString(defaultRunDirectory(config, m_runsFolder.toStdString()))};
    run.config.probe.everyEpoch = true;
    QDir().mkpath(run.directory);  // reserve the name; defaultRunDirectory avoids existing ones
    runs.push_back(std::move(run));
  }
  return runs;
}

QString RunPlanner::sweepFolder(const QString& sweepFile) const {
  return QDir(m_runsFolder).filePath(QFileInfo(sweepFile).completeBaseName());
}

}  // namespace comet::workbench
