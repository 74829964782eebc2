// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/GatesView.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace comet::gui {
namespace {

const QColor kRouted(68, 1, 84);        // viridis ends: dark purple
const QColor kPreferred(53, 183, 121);  // and green
const QColor kMax(192, 0, 0);

}  // namespace

GatesView::GatesView(QWidget* parent) : FigureView(parent) {
  m_task = new QComboBox(this);
  m_show = new QComboBox(this);
  m_show->addItems({tr("expert utilisation"), tr("mean weight per class"), tr("gate weights per example"),
                    tr("non-zeros per example")});
  m_order = new QComboBox(this);
  m_order->addItems({tr("class"), tr("preferred expert"), tr("probe order")});
  m_orderLabel = new QLabel(tr("Sort examples by"), this);
  m_info = new QLabel(tr("No gates: train or open a run with backbone moe."), this);
  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("Task"), this));
  bar->addWidget(m_task);
  bar->addWidget(new QLabel(tr("Show"), this));
  bar->addWidget(m_show);
  bar->addWidget(m_orderLabel);
  bar->addWidget(m_order);
  bar->addWidget(m_info, 1);
  m_chart = new QCustomPlot(this);
  m_chart->plotLayout()->insertRow(0);
  m_chart->plotLayout()->addElement(0, 0, new QCPTextElement(m_chart, QString(), QFont(font().family(), font().pointSize() + 1, QFont::Bold)));
  m_chart->legend->setVisible(true);
  m_heatmap = new HeatmapPlot(this);
  m_stack = new QStackedWidget(this);
  m_stack->addWidget(m_chart);
  m_stack->addWidget(m_heatmap);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addWidget(m_stack, 1);
  for (auto* box : {m_task, m_show, m_order})
    connect(box, &QComboBox::currentIndexChanged, this, &GatesView::rebuild);
  rebuild();
}

void GatesView::setRun(const ProbeReport& report, const std::vector<EpochRecord>& epochs, const QString& runLabel) {
  m_report = report;
  m_epochs = epochs;
  m_runLabel = runLabel;
  const int keep = m_task->currentIndex();
  {
    const QSignalBlocker block(m_task);
    m_task->clear();
    for (const auto& g : report.gates) m_task->addItem(QString::fromStdString(g.name));
    m_task->setCurrentIndex(std::clamp(keep, 0, std::max(0, m_task->count() - 1)));
  }
  rebuild();
}

void GatesView::setTask(int index) { m_task->setCurrentIndex(index); }
void GatesView::setShow(Show show) { m_show->setCurrentIndex(static_cast<int>(show)); }
void GatesView::setOrder(ExampleOrder order) { m_order->setCurrentIndex(static_cast<int>(order)); }
GatesView::Show GatesView::show() const { return static_cast<Show>(std::max(0, m_show->currentIndex())); }
ExampleOrder GatesView::order() const { return static_cast<ExampleOrder>(std::max(0, m_order->currentIndex())); }

const TaskGates* GatesView::currentTask() const {
  const int t = m_task->currentIndex();
  return t >= 0 && t < taskCount() ? &m_report.gates[static_cast<size_t>(t)] : nullptr;
}

QString GatesView::runSuffix() const { return m_runLabel.isEmpty() ? QString() : QStringLiteral(", ") + m_runLabel; }

QCustomPlot* GatesView::plot() const { return m_stack->currentWidget() == m_heatmap ? m_heatmap : m_chart; }

QString GatesView::figureName() const {
  static const char* kinds[] = {"utilisation", "classes", "weights", "nonzeros"};
  QString task = m_task->currentText().isEmpty() ? QStringLiteral("task") : m_task->currentText();
  for (auto& ch : task)
    if (!ch.isLetterOrNumber() && ch != '-') ch = '_';
  return QStringLiteral("gates_%1_%2").arg(task, kinds[static_cast<int>(show())]);
}

NumericCsv GatesView::figureData() const {
  const TaskGates* g = currentTask();
  if (!g) return {};
  switch (show()) {
    case Show::Utilisation: return expertUseTable(*g);
    case Show::Classes: return m_heatmap->table();
    case Show::Weights: return gateWeightsTable(*g, order());
    case Show::NonZeros: return nonZerosTable(nonZerosCurve(m_epochs, g->name));
  }
  return {};
}

void GatesView::rebuild() {
  const bool weights = show() == Show::Weights;
  m_orderLabel->setVisible(weights);
  m_order->setVisible(weights);
  const TaskGates* g = currentTask();
  const bool heatmap = show() == Show::Classes || weights;
  m_stack->setCurrentWidget(heatmap ? static_cast<QWidget*>(m_heatmap) : m_chart);
  const QString suffix = runSuffix();
  if (!g) {
    m_info->setText(m_report.epoch > 0 ? tr("This run has no gates (only backbone moe has).")
                                       : tr("No gates: train or open a run with backbone moe."));
    m_heatmap->setHeatmap({});
    m_chart->clearPlottables();
    m_chart->clearItems();
    m_chart->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  m_info->setText(tr("%1 experts   non-zeros per example: mean %2, max %3   probed examples: %4   epoch %5")
                      .arg(g->experts)
                      .arg(g->meanNonZeros, 0, 'f', 2)
                      .arg(g->maxNonZeros)
                      .arg(g->labels.size())
                      .arg(m_report.epoch));
  if (show() == Show::Classes) {
    const auto h = classExpertHeatmap(*g, suffix);
    m_heatmap->setHeatmap(h);
    if (h.rows == 0) m_info->setText(tr("A regression task has no classes: see the utilisation or the weights."));
  } else if (weights) {
    m_heatmap->setHeatmap(gateWeightsHeatmap(*g, order(), suffix));
  } else if (show() == Show::Utilisation) {
    drawUtilisation(*g);
  } else {
    drawNonZeros(*g);
  }
}

void GatesView::drawUtilisation(const TaskGates& g) {
  m_chart->clearPlottables();
  m_chart->clearItems();
  const auto use = expertUse(g);
  QVector<double> x, routed, preferred;
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  for (int j = 0; j < g.experts; ++j) {
    x << j + 1;
    routed << use.routedPercent[static_cast<size_t>(j)];
    preferred << use.preferredPercent[static_cast<size_t>(j)];
    ticker->addTick(j + 1, QString::number(j + 1));
  }
  auto* group = new QCPBarsGroup(m_chart);
  const auto bars = [&](const QVector<double>& values, const QColor& colour, const QString& name) {
    auto* b = new QCPBars(m_chart->xAxis, m_chart->yAxis);
    b->setData(x, values, true);
    b->setWidth(0.38);
    b->setBarsGroup(group);
    b->setPen(QPen(colour.darker(120)));
    b->setBrush(colour);
    b->setName(name);
  };
  bars(routed, kRouted, tr("routed (non-zero weight)"));
  bars(preferred, kPreferred, tr("preferred (largest weight)"));
  auto* even = m_chart->addGraph();
  even->setData({0.5, g.experts + 0.5}, {use.evenPercent, use.evenPercent}, true);
  even->setPen(QPen(Qt::gray, 1.5, Qt::DashLine));
  even->setName(tr("even routing (%1%)").arg(use.evenPercent, 0, 'f', 1));
  m_chart->xAxis->setTicker(ticker);
  m_chart->xAxis->setRange(0.5, g.experts + 0.5);
  m_chart->xAxis->setLabel(tr("expert"));
  m_chart->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
  m_chart->yAxis->setLabel(tr("% of probed examples"));
  const double top = std::max({use.evenPercent, *std::max_element(routed.begin(), routed.end()), 1.0});
  m_chart->yAxis->setRange(0, std::min(100.0, top * 1.15) + (top >= 100 ? 5 : 0));
  static_cast<QCPTextElement*>(m_chart->plotLayout()->element(0, 0))
      ->setText(tr("Expert utilisation, %1 (%2 examples)%3")
                    .arg(QString::fromStdString(g.name)).arg(g.labels.size())
                    .arg(runSuffix()));
  m_chart->replot(QCustomPlot::rpQueuedReplot);
}

void GatesView::drawNonZeros(const TaskGates& g) {
  m_chart->clearPlottables();
  m_chart->clearItems();
  const auto curve = nonZerosCurve(m_epochs, g.name);
  const auto line = [&](const std::vector<double>& y, const QPen& pen, const QString& name) {
    auto* graph = m_chart->addGraph();
    graph->setData(QVector<double>(curve.epoch.begin(), curve.epoch.end()), QVector<double>(y.begin(), y.end()), true);
    graph->setPen(pen);
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    graph->setName(name);
  };
  line(curve.mean, QPen(kRouted, 2), tr("mean non-zeros per example (validation)"));
  line(curve.max, QPen(kMax, 1.5, Qt::DashLine), tr("max non-zeros"));
  m_chart->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
  m_chart->xAxis->setLabel(tr("epoch"));
  m_chart->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
  m_chart->yAxis->setLabel(tr("non-zero gate weights"));
  m_chart->xAxis->setRange(0.5, std::max(1.0, curve.epoch.empty() ? 1.0 : curve.epoch.back()) + 0.5);
  m_chart->yAxis->setRange(0, static_cast<double>(g.experts) + 0.5);
  const QString last = curve.empty() || std::isnan(curve.saturated.back())
                           ? QString()
                           : tr(" (%1% saturated)").arg(100 * curve.saturated.back(), 0, 'f', 2);
  static_cast<QCPTextElement*>(m_chart->plotLayout()->element(0, 0))
      ->setText(tr("Non-zeros per example, %1%2%3")
                    .arg(QString::fromStdString(g.name), last,
                         runSuffix()));
  if (curve.empty()) m_info->setText(tr("No gate statistics in this run's metrics yet (they come after each epoch)."));
  m_chart->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace comet::gui
