// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/CurvePlot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "core/util/MetricNames.h"

namespace comet::gui {
namespace {

constexpr int kFrameMs = 33;  // ~30 Hz

QColor faint(const QColor& c) {
  // Opaque and light rather than translucent: cheaper to draw, same look.
  return QColor((c.red() + 3 * 255) / 4, (c.green() + 3 * 255) / 4, (c.blue() + 3 * 255) / 4);
}

}  // namespace

CurvePlot::CurvePlot(QWidget* parent) : FigureView(parent) {
  m_plot = new QCustomPlot(this);
  m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  m_plot->legend->setVisible(true);
  QFont legendFont = font();
  legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
  m_plot->legend->setFont(legendFont);
  m_plot->setNoAntialiasingOnDrag(true);
  // Thin polylines through adaptive sampling: what keeps 100k+ points per curve fast.
  m_plot->setPlottingHint(QCP::phFastPolylines, true);
  m_metric = new QComboBox(this);
  m_metric->addItems({tr("loss"), tr("accuracy"), tr("bits per character")});
  m_metric->setItemData(2, tr("Language models: the loss in bits per character (loss / ln 2)"), Qt::ToolTipRole);
  m_xAxis = new QComboBox(this);
  m_xAxis->addItems({tr("step"), tr("epoch")});
  m_logY = new QCheckBox(tr("log y"), this);
  m_smoothing = new QSlider(Qt::Horizontal, this);
  m_smoothing->setRange(0, 99);
  m_smoothing->setValue(60);
  m_smoothing->setMinimumWidth(110);
  m_smoothing->setMaximumWidth(160);
  m_smoothing->setToolTip(tr("EMA smoothing of the training curve (the raw curve stays visible, faint)"));
  m_follow = new QCheckBox(tr("follow latest"), this);
  m_follow->setChecked(true);
  m_seeds = new QComboBox(this);
  m_seeds->addItems({tr("seeds individually"), tr("seeds: mean, min-max band")});
  m_task = new QComboBox(this);
  m_task->addItem(tr("all tasks"));
  m_task->setToolTip(tr("Multi-task runs: the objective and mean accuracy, or one task's own curves"));
  m_task->setVisible(false);
  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("Show"), this));
  bar->addWidget(m_task);
  bar->addWidget(m_metric);
  bar->addWidget(new QLabel(tr("against"), this));
  bar->addWidget(m_xAxis);
  bar->addWidget(m_logY);
  bar->addWidget(new QLabel(tr("Smoothing"), this));
  bar->addWidget(m_smoothing);
  bar->addWidget(m_follow);
  bar->addWidget(m_seeds);
  bar->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addWidget(m_plot, 1);

  const auto changed = [this] {
    m_needsRebuild = true;
    m_dirty = true;
  };
  connect(m_metric, &QComboBox::currentIndexChanged, this, changed);
  connect(m_xAxis, &QComboBox::currentIndexChanged, this, changed);
  connect(m_smoothing, &QSlider::valueChanged, this, changed);
  connect(m_seeds, &QComboBox::currentIndexChanged, this, changed);
  connect(m_task, &QComboBox::currentIndexChanged, this, changed);
  connect(m_logY, &QCheckBox::toggled, this, [this](bool on) {
    m_plot->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    m_plot->yAxis->setTicker(on ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog)
                                : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    m_dirty = true;
  });
  connect(m_follow, &QCheckBox::toggled, this, [this] { m_dirty = true; });
  connect(m_plot, &QCustomPlot::mouseMove, this, &CurvePlot::showHover);
  connect(m_plot, &QCustomPlot::mousePress, this, &CurvePlot::userMovedView);
  connect(m_plot, &QCustomPlot::mouseWheel, this, &CurvePlot::userMovedView);
  m_frameTimer.setInterval(kFrameMs);
  connect(&m_frameTimer, &QTimer::timeout, this, &CurvePlot::frame);
  m_frameTimer.start();
}

void CurvePlot::setRuns(const std::vector<const RunData*>& runs) {
  m_runs = runs;
  m_needsRebuild = true;
  m_dirty = true;
  refreshTasks();
}

void CurvePlot::dataAppended() {
  m_dirty = true;
  if (m_task->count() == 1) refreshTasks();  // a live run's first epoch names its tasks
}

// The tasks named by the runs' metrics (TASK/train_loss), in order of appearance.
void CurvePlot::refreshTasks() {
  QStringList names;
  for (const auto* run : m_runs) {
    if (run->epochs.empty()) continue;
    for (const auto& [key, value] : run->epochs.front().extra)
      if (const auto task = metric::taskOf(key, metric::kTrain, metric::kLoss)) {
        const QString name = QString::fromStdString(*task);
        if (!names.contains(name)) names << name;
      }
  }
  if (names == tasks()) return;
  const QString current = m_task->currentIndex() > 0 ? m_task->currentText() : QString();
  const QSignalBlocker block(m_task);
  m_task->clear();
  m_task->addItem(tr("all tasks"));
  m_task->addItems(names);
  m_task->setCurrentIndex(std::max(0, m_task->findText(current)));
  m_task->setVisible(!names.isEmpty());
  m_needsRebuild = true;
}

QStringList CurvePlot::tasks() const {
  QStringList out;
  for (int i = 1; i < m_task->count(); ++i) out << m_task->itemText(i);
  return out;
}

void CurvePlot::setTask(const QString& task) { m_task->setCurrentIndex(std::max(0, m_task->findText(task))); }
void CurvePlot::setMetric(Metric metric) { m_metric->setCurrentIndex(static_cast<int>(metric)); }
void CurvePlot::setXAxis(XAxis axis) { m_xAxis->setCurrentIndex(static_cast<int>(axis)); }
void CurvePlot::setLogY(bool on) { m_logY->setChecked(on); }
void CurvePlot::setSmoothing(double weight) { m_smoothing->setValue(static_cast<int>(std::lround(weight * 100))); }
void CurvePlot::setFollowLatest(bool on) { m_follow->setChecked(on); }
void CurvePlot::setSeedMean(bool on) { m_seeds->setCurrentIndex(on ? 1 : 0); }

CurveModel::Options CurvePlot::options() const {
  CurveModel::Options o;
  o.metric = static_cast<Metric>(m_metric->currentIndex());
  o.xAxis = static_cast<XAxis>(m_xAxis->currentIndex());
  o.smoothing = m_smoothing->value() / 100.0;
  o.seedMean = m_seeds->currentIndex() == 1;
  if (m_task->currentIndex() > 0) o.task = m_task->currentText().toStdString();
  return o;
}

void CurvePlot::rebuild() {
  m_needsRebuild = false;
  m_plot->clearGraphs();
  m_drawn.clear();
  const auto metric = static_cast<Metric>(m_metric->currentIndex());
  m_plot->xAxis->setLabel(m_xAxis->currentIndex() == 0 ? tr("training step") : tr("epoch"));
  m_plot->yAxis->setLabel(metric == Metric::Loss       ? tr("loss (train: solid, validation: dashed)")
                          : metric == Metric::Accuracy ? tr("accuracy (train: solid, validation: dashed)")
                                                       : tr("bits per character (train: solid, validation: dashed)"));
  m_model.rebuild(m_runs, options());
  for (const auto& curve : m_model.curves()) addGraph(curve);
  drawNewPoints();
}

void CurvePlot::addGraph(const CurveModel::Curve& curve) {
  using Role = CurveModel::Role;
  const RunData& run = *curve.run;
  auto* g = m_plot->addGraph();
  switch (curve.role) {
    case Role::Raw:
      g->setPen(QPen(faint(run.colour), 1));
      g->setAntialiased(false);
      g->removeFromLegend();
      break;
    case Role::Train:
      g->setPen(QPen(run.colour, 1));
      g->setAntialiased(!m_model.perStep());  // 100k+ points: aliased polylines draw several times faster
      g->setName(runLabel(run) + (run.summary.status == RunStatus::Diverged
                                      ? tr(" train (diverged at step %1)").arg(run.summary.divergedAtStep)
                                      : tr(" train")));
      break;
    case Role::Val:
      g->setPen(QPen(run.colour, 1, Qt::DashLine));
      g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
      g->setName(runLabel(run) + tr(" val"));
      break;
    case Role::DivergenceMark:
      g->setName(runLabel(run) + tr(" diverged"));
      g->setLineStyle(QCPGraph::lsNone);
      g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, QPen(problemColour(), 2.5), Qt::NoBrush, 14));
      g->removeFromLegend();
      break;
    case Role::BandLow:
      g->setPen(Qt::NoPen);
      g->removeFromLegend();
      break;
    case Role::BandHigh: {
      g->setPen(Qt::NoPen);
      QColor band = run.colour;
      band.setAlpha(curve.val ? 35 : 60);
      g->setBrush(band);
      g->setChannelFillGraph(m_drawn.back().graph);  // the model puts BandLow right before
      g->removeFromLegend();
      break;
    }
    case Role::Mean:
      g->setPen(QPen(run.colour, 1, curve.val ? Qt::DashLine : Qt::SolidLine));
      g->setName(QStringLiteral("%1 (mean of %2 seeds) %3")
                     .arg(runLabel(run).section(' ', 1, 3)).arg(curve.seeds)
                     .arg(curve.val ? tr("val") : tr("train")));
      break;
  }
  m_drawn.push_back({g, 0, curve.restarts});
}

void CurvePlot::drawNewPoints() {
  const auto& curves = m_model.curves();
  for (size_t i = 0; i < curves.size(); ++i) {
    const auto& points = curves[i].points;
    Drawn& d = m_drawn[i];
    if (d.restarts != curves[i].restarts) {  // recomputed (coarser buckets): draw afresh
      d.graph->data()->clear();
      d.points = 0;
      d.restarts = curves[i].restarts;
    }
    if (d.points == points.size()) continue;
    QVector<QCPGraphData> add;
    add.reserve(static_cast<qsizetype>(points.size() - d.points));
    for (size_t p = d.points; p < points.size(); ++p) add.append(QCPGraphData(points[p].key, points[p].value));
    d.graph->data()->add(add, true);
    d.points = points.size();
  }
}

void CurvePlot::frame() {
  if (!m_dirty && !m_needsRebuild) return;
  // Seed means are recomputed in full; otherwise only new points are processed,
  // unless a run lost data.
  if (m_needsRebuild || m_seeds->currentIndex() == 1 || !m_model.append()) rebuild();
  else drawNewPoints();
  m_dirty = false;
  if (m_follow->isChecked()) {
    m_plot->rescaleAxes(true);
    if (m_plot->yAxis->scaleType() == QCPAxis::stLinear) m_plot->yAxis->scaleRange(1.05);
  }
  QElapsedTimer t;
  t.start();
  m_plot->replot();
  m_replotMs.push_back(t.nsecsElapsed() / 1e6);
  if (m_replotMs.size() > 100000) m_replotMs.erase(m_replotMs.begin(), m_replotMs.begin() + 50000);
}

void CurvePlot::refreshNow() {
  m_dirty = true;
  frame();
}

int64_t CurvePlot::dataPoints() const {
  int64_t n = 0;
  for (const auto* r : m_runs) n += static_cast<int64_t>(r->steps.size() + 2 * r->epochs.size());
  return n;
}

int64_t CurvePlot::pointsPlotted() const {
  int64_t n = 0;
  for (int i = 0; i < m_plot->graphCount(); ++i) n += m_plot->graph(i)->data()->size();
  return n;
}

void CurvePlot::userMovedView() { m_follow->setChecked(false); }

void CurvePlot::showHover(QMouseEvent* event) {
  const QPointF pos = event->position();
  double best = 20;  // pixels
  QString text;
  for (int i = 0; i < m_plot->graphCount(); ++i) {
    auto* g = m_plot->graph(i);
    if (g->name().isEmpty() || g->data()->isEmpty()) continue;
    const double key = m_plot->xAxis->pixelToCoord(pos.x());
    auto it = g->data()->findBegin(key, false);
    for (int k = 0; k < 2 && it != g->data()->constEnd(); ++k, ++it) {
      const double px = m_plot->xAxis->coordToPixel(it->key), py = m_plot->yAxis->coordToPixel(it->value);
      const double d = std::hypot(px - pos.x(), py - pos.y());
      if (d < best) {
        best = d;
        text = QStringLiteral("%1\n%2 %3: %4")
                   .arg(g->name(), m_plot->xAxis->label().section(' ', -1))
                   .arg(it->key).arg(it->value, 0, 'g', 5);
      }
    }
  }
  if (text.isEmpty()) QToolTip::hideText();
  else QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

NumericCsv CurvePlot::figureData() const {
  // The model's points under the graphs' names (graph i draws curve i).
  NumericCsv t;
  const auto& curves = m_model.curves();
  size_t rows = 0;
  for (size_t i = 0; i < curves.size(); ++i) {
    const QString graphName = m_drawn[i].graph->name();
    QString name = graphName.isEmpty() ? QStringLiteral("graph%1").arg(i) : graphName;
    name.replace(',', ' ').replace(' ', '_');
    addColumns(t, {name + "_x", name + "_y"});
    rows = std::max(rows, curves[i].points.size());
  }
  t.rows.assign(rows, std::vector<double>(curves.size() * 2, NAN));
  for (size_t i = 0; i < curves.size(); ++i)
    for (size_t r = 0; r < curves[i].points.size(); ++r) {
      t.rows[r][2 * i] = curves[i].points[r].key;
      t.rows[r][2 * i + 1] = curves[i].points[r].value;
    }
  return t;
}

}  // namespace comet::gui
