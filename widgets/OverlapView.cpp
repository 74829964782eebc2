// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/OverlapView.h"

#include <QComboBox>
#include <QLabel>
#include <algorithm>
#include <cmath>

#include "widgets/HeatmapPlot.h"

namespace comet::gui {

OverlapView::OverlapView(QWidget* parent) : ProbeView(parent) {
  m_mode = new QComboBox(this);
  m_mode->addItems({tr("class x class"), tr("example x example")});
  m_info = new QLabel(tr("No probe yet."), this);
  m_heatmap = new HeatmapPlot(this);
  toolBar()->addWidget(new QLabel(tr("Show"), this));
  toolBar()->addWidget(m_mode);
  toolBar()->addWidget(m_info, 1);
  setFigure(m_heatmap);
  connect(m_mode, &QComboBox::currentIndexChanged, this, &OverlapView::rebuild);
}

void OverlapView::setMode(Mode mode) { m_mode->setCurrentIndex(static_cast<int>(mode)); }
QCustomPlot* OverlapView::plot() const { return m_heatmap; }
QString OverlapView::figureName() const {
  return QStringLiteral("%1_layer%2")
      .arg(m_mode->currentIndex() == 0 ? QStringLiteral("overlap_classes") : QStringLiteral("overlap_examples"))
      .arg(currentLayerName());
}
CsvTable OverlapView::figureData() const { return m_heatmap->table(); }

void OverlapView::rebuild() {
  const LayerProbe* current = currentLayer();
  if (!current) {
    m_info->setText(tr("No probe yet."));
    m_heatmap->setHeatmap({});
    return;
  }
  const auto& lp = *current;
  const auto& o = lp.overlap;
  const QString suffix = runSuffix();
  HeatmapData h;
  if (m_mode->currentIndex() == 0) {
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
  m_heatmap->setHeatmap(h);
  m_info->setText(tr("mean Jaccard over all pairs: %1   epoch %2").arg(o.meanJaccard, 0, 'f', 3).arg(report().epoch));
}

}  // namespace comet::gui
