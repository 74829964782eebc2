// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/SimilarityView.h"

#include <QLabel>
#include <algorithm>
#include <qcustomplot.h>

namespace comet::gui {

SimilarityView::SimilarityView(QWidget* parent) : ProbeView(parent) {
  m_plot = new QCustomPlot(this);
  m_plot->plotLayout()->insertRow(0);
  m_title = new QCPTextElement(m_plot, tr("No probe yet"), QFont(font().family(), font().pointSize() + 1, QFont::Bold));
  m_plot->plotLayout()->addElement(0, 0, m_title);
  auto* scatter = m_plot->addGraph();
  scatter->setName(tr("example pairs"));
  scatter->setLineStyle(QCPGraph::lsNone);
  scatter->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(0, 114, 178, 90), 3));
  scatter->setAdaptiveSampling(true);
  auto* means = m_plot->addGraph();
  means->setName(tr("binned mean"));
  means->setPen(QPen(QColor(213, 94, 0), 2));
  means->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(213, 94, 0), QColor(213, 94, 0), 6));
  m_plot->xAxis->setLabel(tr("input cosine similarity"));
  m_plot->yAxis->setLabel(tr("mask overlap (Jaccard)"));
  m_plot->legend->setVisible(true);
  m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
  m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  toolBar()->addStretch(1);
  setFigure(m_plot);
}

QString SimilarityView::figureName() const { return QStringLiteral("similarity_layer%1").arg(currentLayerName()); }

NumericCsv SimilarityView::figureData() const {
  NumericCsv t;
  t.header = {"cosine", "jaccard", "bin_low", "bin_high", "bin_mean_jaccard"};
  const LayerProbe* current = currentLayer();
  if (!current) return t;
  const auto& o = current->overlap;
  const size_t n = std::max(o.sampleCosine.size(), o.bins.size());
  for (size_t i = 0; i < n; ++i) {
    std::vector<double> row(5, NAN);
    if (i < o.sampleCosine.size()) row[0] = o.sampleCosine[i], row[1] = o.sampleJaccard[i];
    if (i < o.bins.size()) row[2] = o.bins[i].low, row[3] = o.bins[i].high, row[4] = o.bins[i].meanJaccard;
    t.rows.push_back(std::move(row));
  }
  return t;
}

void SimilarityView::rebuild() {
  const LayerProbe* current = currentLayer();
  m_plot->graph(0)->data()->clear();
  m_plot->graph(1)->data()->clear();
  if (!current) {
    m_title->setText(tr("No probe yet"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  const auto& lp = *current;
  const auto& o = lp.overlap;
  QVector<double> x(o.sampleCosine.begin(), o.sampleCosine.end()), y(o.sampleJaccard.begin(), o.sampleJaccard.end());
  m_plot->graph(0)->setData(x, y);
  QVector<double> bx, by;
  for (const auto& b : o.bins)
    if (b.pairs > 0) {
      bx << 0.5 * (b.low + b.high);
      by << b.meanJaccard;
    }
  m_plot->graph(1)->setData(bx, by, true);
  m_title->setText(tr("Overlap vs input similarity, layer %1: r = %2%3")
                       .arg(lp.layer).arg(o.similarityCorrelation, 0, 'f', 3)
                       .arg(runSuffix()));
  m_plot->rescaleAxes();
  m_plot->yAxis->setRange(std::min(0.0, m_plot->yAxis->range().lower), std::max(1.0, m_plot->yAxis->range().upper));
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace comet::gui
