// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/CurvePlot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <map>
#include <qcustomplot.h>

namespace comet::gui {
namespace {

constexpr int kFrameMs = 33;  // ~30 Hz
constexpr size_t kMaxStepPoints = 16384;  // per-step points drawn per curve before bucketing

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
  m_metric->addItems({tr("loss"), tr("accuracy")});
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
  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("Show"), this));
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
}

void CurvePlot::dataAppended() { m_dirty = true; }
void CurvePlot::setMetric(Metric metric) { m_metric->setCurrentIndex(static_cast<int>(metric)); }
void CurvePlot::setXAxis(XAxis axis) { m_xAxis->setCurrentIndex(static_cast<int>(axis)); }
void CurvePlot::setLogY(bool on) { m_logY->setChecked(on); }
void CurvePlot::setSmoothing(double weight) { m_smoothing->setValue(static_cast<int>(std::lround(weight * 100))); }
void CurvePlot::setFollowLatest(bool on) { m_follow->setChecked(on); }
void CurvePlot::setSeedMean(bool on) { m_seeds->setCurrentIndex(on ? 1 : 0); }

double CurvePlot::epochValue(const EpochRecord& e, bool train) const {
  if (m_metric->currentIndex() == static_cast<int>(Metric::Loss)) return train ? e.trainLoss : e.valLoss;
  return train ? e.trainAcc : e.valAcc;
}

double CurvePlot::epochX(const EpochRecord& e) const {
  return m_xAxis->currentIndex() == static_cast<int>(XAxis::Step) ? double(e.step) : double(e.epoch);
}

void CurvePlot::appendSteps(Series& s) {
  const auto& steps = s.run->steps;
  // Past kMaxStepPoints the per-step graphs hold one bucket of steps per min and
  // max point (raw) or per EMA point (smoothed): drawing cost stays bounded however
  // long the run. Buckets double as the run grows; each doubling rebuilds once.
  size_t bucket = s.bucket;
  while (steps.size() / bucket > kMaxStepPoints) bucket *= 2;
  if (bucket != s.bucket) {
    s.bucket = bucket;
    s.raw->data()->clear();
    s.train->data()->clear();
    s.stepsTaken = 0;
    s.emaStarted = false;
  }
  const double w = m_smoothing->value() / 100.0;
  const size_t end = steps.size() - steps.size() % bucket;  // complete buckets only
  QVector<double> rk, rv, sk, sv;
  for (size_t b = s.stepsTaken; b < end; b += bucket) {
    double lo = INFINITY, hi = -INFINITY, loKey = 0, hiKey = 0;
    for (size_t i = b; i < b + bucket; ++i) {
      const auto& st = steps[i];
      if (!std::isfinite(st.loss)) continue;
      s.ema = s.emaStarted ? w * s.ema + (1 - w) * st.loss : st.loss;
      s.emaStarted = true;
      if (st.loss < lo) lo = st.loss, loKey = double(st.step);
      if (st.loss > hi) hi = st.loss, hiKey = double(st.step);
    }
    if (!std::isfinite(lo)) continue;
    if (bucket == 1 || loKey == hiKey) {
      rk << loKey, rv << lo;
    } else {
      rk << std::min(loKey, hiKey) << std::max(loKey, hiKey);
      rv << (loKey < hiKey ? lo : hi) << (loKey < hiKey ? hi : lo);
    }
    sk << double(steps[b + bucket - 1].step), sv << s.ema;
  }
  s.raw->addData(rk, rv, true);
  s.train->addData(sk, sv, true);
  s.stepsTaken = end;
}

void CurvePlot::appendNew(Series& s) {
  const RunData& run = *s.run;
  if (run.steps.size() < s.stepsTaken || run.epochs.size() < s.epochsTaken) {
    m_needsRebuild = true;
    return;
  }
  const bool perStep = m_metric->currentIndex() == static_cast<int>(Metric::Loss) &&
                       m_xAxis->currentIndex() == static_cast<int>(XAxis::Step);
  if (perStep && s.raw) appendSteps(s);
  QVector<double> tk, tv, vk, vv;
  for (size_t i = s.epochsTaken; i < run.epochs.size(); ++i) {
    const auto& e = run.epochs[i];
    if (!perStep && std::isfinite(epochValue(e, true))) tk << epochX(e), tv << epochValue(e, true);
    if (std::isfinite(epochValue(e, false))) vk << epochX(e), vv << epochValue(e, false);
  }
  if (!tk.isEmpty()) s.train->addData(tk, tv, true);
  if (!vk.isEmpty()) s.val->addData(vk, vv, true);
  s.epochsTaken = run.epochs.size();
}

void CurvePlot::rebuild() {
  m_needsRebuild = false;
  m_plot->clearGraphs();
  m_series.clear();
  const bool loss = m_metric->currentIndex() == static_cast<int>(Metric::Loss);
  const bool perStep = loss && m_xAxis->currentIndex() == static_cast<int>(XAxis::Step);
  m_plot->xAxis->setLabel(m_xAxis->currentIndex() == 0 ? tr("training step") : tr("epoch"));
  m_plot->yAxis->setLabel(loss ? tr("loss (train: solid, validation: dashed)")
                               : tr("accuracy (train: solid, validation: dashed)"));
  std::vector<const RunData*> singles = m_runs;
  if (m_seeds->currentIndex() == 1) {
    singles.clear();
    std::map<std::string, std::vector<const RunData*>> groups;
    std::vector<std::string> order;
    for (const auto* r : m_runs) {
      const auto key = seedGroupKey(r->config);
      if (!groups.count(key)) order.push_back(key);
      groups[key].push_back(r);
    }
    bool anyGroup = false;
    for (const auto& key : order) {
      if (groups[key].size() < 2) singles.push_back(groups[key].front());
      else anyGroup = true;
    }
    if (anyGroup) buildSeedGroups();
  }
  for (const auto* run : singles) {
    Series s;
    s.run = run;
    const QString label = runLabel(*run);
    if (perStep) {
      s.raw = m_plot->addGraph();
      s.raw->setPen(QPen(faint(run->colour), 1));
      s.raw->setAntialiased(false);
      s.raw->removeFromLegend();
    }
    s.train = m_plot->addGraph();
    s.train->setPen(QPen(run->colour, 1));
    s.train->setAntialiased(!perStep);  // 100k+ points: aliased polylines draw several times faster
    s.train->setName(label + (s.run->summary.status == RunStatus::Diverged
                                  ? tr(" train (diverged at step %1)").arg(s.run->summary.divergedAtStep)
                                  : tr(" train")));
    s.val = m_plot->addGraph();
    QPen dashed(run->colour, 1, Qt::DashLine);
    s.val->setPen(dashed);
    s.val->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    s.val->setName(label + tr(" val"));
    m_series.push_back(s);
  }
  for (auto& s : m_series) {
    appendNew(s);
    if (s.run->summary.status == RunStatus::Diverged) markDivergence(s);
  }
  m_needsRebuild = false;
}

void CurvePlot::markDivergence(const Series& s) {
  // A red cross on the last finite training value: the run stopped there.
  if (s.train->data()->isEmpty()) return;
  const auto last = s.train->data()->at(s.train->data()->size() - 1);
  auto* mark = m_plot->addGraph();
  mark->setName(runLabel(*s.run) + tr(" diverged"));
  mark->setLineStyle(QCPGraph::lsNone);
  mark->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, QPen(problemColour(), 2.5), Qt::NoBrush, 14));
  mark->addData(last->key, last->value);
  mark->removeFromLegend();
}

void CurvePlot::buildSeedGroups() {
  // Called once per rebuild in mean mode; draws every group with >= 2 seeds.
  const bool loss = m_metric->currentIndex() == static_cast<int>(Metric::Loss);
  const bool perStep = loss && m_xAxis->currentIndex() == static_cast<int>(XAxis::Step);
  const double w = m_smoothing->value() / 100.0;
  std::map<std::string, std::vector<const RunData*>> groups;
  for (const auto* r : m_runs) groups[seedGroupKey(r->config)].push_back(r);
  for (const auto& [key, runs] : groups) {
    if (runs.size() < 2) continue;
    for (int part = 0; part < 2; ++part) {  // 0 train, 1 val
      std::vector<std::vector<std::pair<double, double>>> curves;
      for (const auto* r : runs) {
        std::vector<std::pair<double, double>> c;
        if (part == 0 && perStep) {
          double ema = 0;
          bool started = false;
          for (const auto& st : r->steps) {
            if (!std::isfinite(st.loss)) continue;
            ema = started ? w * ema + (1 - w) * st.loss : st.loss;
            started = true;
            c.emplace_back(double(st.step), ema);
          }
        } else {
          for (const auto& e : r->epochs)
            if (std::isfinite(epochValue(e, part == 0))) c.emplace_back(epochX(e), epochValue(e, part == 0));
        }
        curves.push_back(std::move(c));
      }
      size_t n = SIZE_MAX;
      for (const auto& c : curves) n = std::min(n, c.size());
      QVector<double> x, mean, lo, hi;
      for (size_t i = 0; i < n; ++i) {
        double sum = 0, mn = INFINITY, mx = -INFINITY;
        for (const auto& c : curves) sum += c[i].second, mn = std::min(mn, c[i].second), mx = std::max(mx, c[i].second);
        x << curves.front()[i].first;
        mean << sum / double(curves.size());
        lo << mn;
        hi << mx;
      }
      const QColor colour = runs.front()->colour;
      auto* low = m_plot->addGraph();
      low->setPen(Qt::NoPen);
      low->removeFromLegend();
      low->setData(x, lo, true);
      auto* high = m_plot->addGraph();
      high->setPen(Qt::NoPen);
      QColor band = colour;
      band.setAlpha(part == 0 ? 60 : 35);
      high->setBrush(band);
      high->setChannelFillGraph(low);
      high->removeFromLegend();
      high->setData(x, hi, true);
      auto* m = m_plot->addGraph();
      m->setPen(QPen(colour, 1, part == 0 ? Qt::SolidLine : Qt::DashLine));
      m->setName(QStringLiteral("%1 (mean of %2 seeds) %3")
                     .arg(runLabel(*runs.front()).section(' ', 1, 3)).arg(runs.size())
                     .arg(part == 0 ? tr("train") : tr("val")));
      m->setData(x, mean, true);
    }
  }
}

void CurvePlot::frame() {
  if (!m_dirty && !m_needsRebuild) return;
  if (m_needsRebuild || m_seeds->currentIndex() == 1) rebuild();
  else
    for (auto& s : m_series) appendNew(s);
  if (m_needsRebuild) rebuild();
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

CsvTable CurvePlot::figureData() const {
  CsvTable t;
  size_t rows = 0;
  std::vector<QCPGraph*> graphs;
  for (int i = 0; i < m_plot->graphCount(); ++i) {
    auto* g = m_plot->graph(i);
    QString name = g->name().isEmpty() ? QStringLiteral("graph%1").arg(i) : g->name();
    name.replace(',', ' ').replace(' ', '_');
    t.header << name + "_x" << name + "_y";
    graphs.push_back(g);
    rows = std::max<size_t>(rows, static_cast<size_t>(g->data()->size()));
  }
  t.rows.assign(rows, std::vector<double>(graphs.size() * 2, NAN));
  for (size_t gi = 0; gi < graphs.size(); ++gi) {
    size_t r = 0;
    for (auto it = graphs[gi]->data()->constBegin(); it != graphs[gi]->data()->constEnd(); ++it, ++r) {
      t.rows[r][2 * gi] = it->key;
      t.rows[r][2 * gi + 1] = it->value;
    }
  }
  return t;
}

}  // namespace comet::gui
