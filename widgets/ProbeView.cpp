// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/ProbeView.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <algorithm>

#include "widgets/HeatmapPlot.h"

namespace comet::gui {

ProbeView::ProbeView(QWidget* parent) : FigureView(parent) {
  m_layer = new QComboBox(this);
  m_bar = new QHBoxLayout;
  m_bar->addWidget(new QLabel(tr("Layer"), this));
  m_bar->addWidget(m_layer);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(m_bar);
  connect(m_layer, &QComboBox::currentIndexChanged, this, [this] { rebuild(); });
}

void ProbeView::setFigure(QWidget* figure) { static_cast<QVBoxLayout*>(layout())->addWidget(figure, 1); }

void ProbeView::setReport(const ProbeReport& report, const QString& runLabel) {
  m_report = report;
  m_runLabel = runLabel;
  // Keep the chosen layer where it still exists, without emitting index changes.
  const int keep = m_layer->currentIndex();
  {
    const QSignalBlocker block(m_layer);
    m_layer->clear();
    for (const auto& lp : report.layers) m_layer->addItem(QString::number(lp.layer));
    m_layer->setCurrentIndex(std::clamp(keep, 0, std::max(0, m_layer->count() - 1)));
  }
  rebuild();
}

void ProbeView::setLayer(int index) { m_layer->setCurrentIndex(index); }

const LayerProbe* ProbeView::currentLayer() const {
  const int li = m_layer->currentIndex();
  return li >= 0 && li < layerCount() ? &m_report.layers[static_cast<size_t>(li)] : nullptr;
}

QString ProbeView::currentLayerName() const { return m_layer->currentText(); }

QString ProbeView::runSuffix() const { return m_runLabel.isEmpty() ? QString() : QStringLiteral(", ") + m_runLabel; }

HeatmapProbeView::HeatmapProbeView(const QString& label, const QStringList& choices, int current, const QString& info,
                                   QWidget* parent)
    : ProbeView(parent) {
  m_choice = new QComboBox(this);
  m_choice->addItems(choices);
  m_choice->setCurrentIndex(current);
  m_info = new QLabel(info, this);
  m_heatmap = new HeatmapPlot(this);
  toolBar()->addWidget(new QLabel(label, this));
  toolBar()->addWidget(m_choice);
  toolBar()->addWidget(m_info, 1);
  setFigure(m_heatmap);
  connect(m_choice, &QComboBox::currentIndexChanged, this, [this] { rebuild(); });
}

QCustomPlot* HeatmapProbeView::plot() const { return m_heatmap; }
NumericCsv HeatmapProbeView::figureData() const { return m_heatmap->table(); }

}  // namespace comet::gui
