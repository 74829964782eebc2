// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/OverlapView.h"

#include <QComboBox>
#include <QLabel>
#include <algorithm>
#include <cmath>

#include "widgets/HeatmapPlot.h"

namespace comet::gui {

OverlapView::OverlapView(QWidget* parent)
    : HeatmapProbeView(tr("Show"), {tr("class x class"), tr("example x example")}, 0, tr("No probe yet."), parent) {}

void OverlapView::setMode(Mode mode) { choice()->setCurrentIndex(static_cast<int>(mode)); }
QString OverlapView::figureName() const {
  return QStringLiteral("%1_layer%2")
      .arg(choice()->currentIndex() == 0 ? QStringLiteral("overlap_classes") : QStringLiteral("overlap_examples"))
      .arg(currentLayerName());
}

void OverlapView::rebuild() {
  const LayerProbe* current = currentLayer();
  if (!current) {
    info()->setText(tr("No probe yet."));
    heatmap()->setHeatmap({});
    return;
  }
  const auto& lp = *current;
  const auto& o = lp.overlap;
  const QString suffix = runSuffix();
  HeatmapData h;
  if (choice()->currentIndex() == 0) {
    const int n = static_cast<int>(std::lround(std::sqrt(double(o.classMean.size()))));
    h.rows = h.cols = n;
    h.values.assign(o.classMean.begin(), o.classMean.end());
    for (int c = 0; c < n; ++c) {
      const QString name = static_cast<size_t>(c) < report().classNames.size()
                               ? QString::fromStdString(report().classNames[c]) : QString::number(c);
      h.rowLabels << name;
      h.colLabels << name;
    }
    h.title = tr("Mean mask overlap between classes, layer %1%2").arg(lp.layer).arg(suffix);
    h.xLabel = tr("class");
    h.yLabel = tr("class");
    h.valueLabel = tr("mean Jaccard");
  } else {
    const int n = static_cast<int>(std::lround(std::sqrt(double(o.examples.size()))));
    h.rows = h.cols = n;
    h.values.assign(o.examples.begin(), o.examples.end());
    h.title = tr("Mask overlap between examples (sorted by class), layer %1%2").arg(lp.layer).arg(suffix);
    h.xLabel = tr("example");
    h.yLabel = tr("example");
    h.valueLabel = tr("Jaccard");
  }
  heatmap()->setHeatmap(h);
  info()->setText(tr("mean Jaccard over all pairs: %1   epoch %2").arg(o.meanJaccard, 0, 'f', 3).arg(report().epoch));
}

}  // namespace comet::gui
