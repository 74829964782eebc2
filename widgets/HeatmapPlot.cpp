// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/HeatmapPlot.h"

#include <algorithm>
#include <cmath>

#include "widgets/Viridis.h"

namespace comet::gui {
namespace {

QSharedPointer<QCPAxisTicker> tickerFor(const QStringList& labels) {
  if (labels.isEmpty() || labels.size() > 30) {
    QSharedPointer<QCPAxisTicker> t(new QCPAxisTicker);
    t->setTickStepStrategy(QCPAxisTicker::tssReadability);
    return t;
  }
  QSharedPointer<QCPAxisTickerText> t(new QCPAxisTickerText);
  for (int i = 0; i < labels.size(); ++i) t->addTick(i, labels[i]);
  return t;
}

}  // namespace

HeatmapPlot::HeatmapPlot(QWidget* parent) : QCustomPlot(parent) {
  plotLayout()->insertRow(0);
  m_title = new QCPTextElement(this, QString(), QFont(font().family(), font().pointSize() + 1, QFont::Bold));
  plotLayout()->addElement(0, 0, m_title);
  m_map = new QCPColorMap(xAxis, yAxis);
  m_map->setInterpolate(false);
  m_map->setTightBoundary(false);  // cell i centred on tick i
  m_scale = new QCPColorScale(this);
  plotLayout()->addElement(1, 1, m_scale);
  m_scale->setType(QCPAxis::atRight);
  m_map->setColorScale(m_scale);
  m_map->setGradient(viridisGradient());
  auto* group = new QCPMarginGroup(this);
  axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
  m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
  yAxis->setRangeReversed(true);
  xAxis->grid()->setVisible(false);
  yAxis->grid()->setVisible(false);
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
}

void HeatmapPlot::setHeatmap(const HeatmapData& data) {
  m_data = data;
  const int rows = std::max(1, data.rows);
  const int cols = std::max(1, data.cols);
  // QCPColorMap needs two cells per dimension to size them: a single row or column
  // is stored twice, half a cell either side of its tick.
  const auto span = [](int n) { return n == 1 ? QCPRange(-0.25, 0.25) : QCPRange(0, n - 1); };
  m_map->data()->setSize(std::max(2, cols), std::max(2, rows));
  m_map->data()->setRange(span(cols), span(rows));
  double lo = INFINITY, hi = -INFINITY;
  for (int r = 0; r < data.rows; ++r)
    for (int c = 0; c < data.cols; ++c) {
      const size_t i = static_cast<size_t>(r) * static_cast<size_t>(data.cols) + static_cast<size_t>(c);
      const double v = i < data.values.size() ? data.values[i] : NAN;
      m_map->data()->setCell(c, r, v);
      if (cols == 1) m_map->data()->setCell(1, r, v);
      if (rows == 1) m_map->data()->setCell(c, 1, v);
      if (cols == 1 && rows == 1) m_map->data()->setCell(1, 1, v);
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
  m_map->setGradient(data.diverging ? divergingGradient() : viridisGradient());
  if (data.high > data.low) {
    lo = data.low;
    hi = data.high;
  } else if (data.diverging) {
    hi = std::max({std::abs(lo), std::abs(hi), 1e-6});
    lo = -hi;
  } else if (!(hi >= lo)) {
    lo = 0;
    hi = 1;
  } else if (hi == lo) {  // one value: a scale of 1% around it, so its ticks differ
    const double pad = std::max(std::abs(lo) * 0.01, 1e-6);
    lo -= pad;
    hi += pad;
  }
  m_map->setDataRange(QCPRange(lo, hi));
  m_title->setText(data.title);
  xAxis->setLabel(data.xLabel);
  yAxis->setLabel(data.yLabel);
  m_scale->axis()->setLabel(data.valueLabel);
  xAxis->setTicker(tickerFor(data.colLabels));
  if (data.rowTicks.empty()) {
    yAxis->setTicker(tickerFor(data.rowLabels));
  } else {
    QSharedPointer<QCPAxisTickerText> t(new QCPAxisTickerText);
    for (const auto& [position, label] : data.rowTicks) t->addTick(position, label);
    yAxis->setTicker(t);
  }
  xAxis->setRange(-0.5, cols - 0.5);
  yAxis->setRange(-0.5, rows - 0.5);
  replot(QCustomPlot::rpQueuedReplot);
}

double HeatmapPlot::cellValue(int row, int col) const { return m_map->data()->cell(col, row); }

NumericCsv HeatmapPlot::table() const {
  NumericCsv t;
  t.header.push_back("row");
  for (int c = 0; c < m_data.cols; ++c)
    t.header.push_back(c < m_data.colLabels.size() ? m_data.colLabels[c].toStdString() : "c" + std::to_string(c));
  for (int r = 0; r < m_data.rows; ++r) {
    std::vector<double> row{double(r)};
    for (int c = 0; c < m_data.cols; ++c)
      row.push_back(m_data.values[static_cast<size_t>(r) * static_cast<size_t>(m_data.cols) + static_cast<size_t>(c)]);
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace comet::gui
