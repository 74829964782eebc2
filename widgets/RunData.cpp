// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/RunData.h"

#include <QObject>

#include "core/config/ConfigLoader.h"
#include "core/config/ExperimentConfig.h"

namespace comet::gui {

QString methodText(const ExperimentConfig& config) {
  const auto& m = config.model;
  if (isTransformer(m.backbone)) return QStringLiteral("%1 %2").arg(QString::fromStdString(m.backbone), QString::fromStdString(m.method));
  if (m.backbone != "moe") return QString::fromStdString(m.method);
  return QStringLiteral("moe %1%2").arg(QString::fromStdString(m.gate), m.localSearch ? QStringLiteral("+ls") : QString());
}

QString runLabel(const RunData& run) {
  const auto widths = hiddenWidths(run.config.model);
  const auto& m = run.config.model;
  if (m.backbone == "moe")  // p_k does not apply: k of n experts instead
    return QStringLiteral("#%1 %2 k%3/%4 w%5 s%6")
        .arg(run.id)
        .arg(methodText(run.config))
        .arg(gateK(m))
        .arg(m.experts)
        .arg(widths.empty() ? 0 : widths.front())
        .arg(run.config.seed);
  if (isTransformer(m.backbone))  // the token width and the blocks
    return QStringLiteral("#%1 %2 d%3x%4 pk%5 s%6")
        .arg(run.id)
        .arg(methodText(run.config))
        .arg(m.embedDim)
        .arg(m.depth)
        .arg(m.pk)
        .arg(run.config.seed);
  return QStringLiteral("#%1 %2 w%3 pk%4 s%5")
      .arg(run.id)
      .arg(methodText(run.config))
      .arg(widths.empty() ? 0 : widths.front())
      .arg(m.pk)
      .arg(run.config.seed);
}

QString statusText(const RunSummary& summary) {
  if (summary.status == RunStatus::Running && summary.message == "queued") return QObject::tr("queued");
  if (summary.status == RunStatus::Diverged && summary.divergedAtStep > 0)
    return QObject::tr("diverged at step %1").arg(summary.divergedAtStep);
  return QString::fromStdString(toString(summary.status));
}

bool endedBadly(const RunSummary& summary) {
  return summary.status == RunStatus::Diverged || summary.status == RunStatus::Failed;
}

std::string seedGroupKey(const ExperimentConfig& config) {
  ExperimentConfig c = config;
  c.seed = 0;
  c.name.clear();
  c.probe.everyEpoch = false;
  return toYaml(c);
}

QColor runColour(int id) {
  // Okabe-Ito, colour-blind safe.
  static const QColor kPalette[] = {QColor(0, 114, 178), QColor(213, 94, 0), QColor(0, 158, 115),
                                    QColor(204, 121, 167), QColor(230, 159, 0), QColor(86, 180, 233),
                                    QColor(120, 120, 120), QColor(240, 228, 66)};
  return kPalette[static_cast<unsigned>(id) % (sizeof(kPalette) / sizeof(kPalette[0]))];
}

}  // namespace comet::gui
