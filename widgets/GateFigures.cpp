// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/GateFigures.h"

#include <QObject>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/util/MetricNames.h"

namespace comet::gui {
namespace {

size_t examplesOf(const TaskGates& g) { return g.experts > 0 ? g.weights.size() / static_cast<size_t>(g.experts) : 0; }

float weightAt(const TaskGates& g, size_t example, size_t expert) {
  return g.weights[example * static_cast<size_t>(g.experts) + expert];
}

int preferred(const TaskGates& g, size_t example) {
  int best = 0;
  for (int j = 1; j < g.experts; ++j)
    if (weightAt(g, example, static_cast<size_t>(j)) > weightAt(g, example, static_cast<size_t>(best))) best = j;
  return best;
}

int64_t labelAt(const TaskGates& g, size_t example) { return example < g.labels.size() ? g.labels[example] : -1; }

QString className(const TaskGates& g, int64_t c) {
  return c >= 0 && static_cast<size_t>(c) < g.classNames.size() ? QString::fromStdString(g.classNames[c])
                                                                : QString::number(c);
}

QStringList expertLabels(const TaskGates& g) {
  QStringList labels;
  for (int j = 1; j <= g.experts; ++j) labels << QString::number(j);
  return labels;
}

double valueOf(const NamedValues& values, const std::string& name) {
  for (const auto& [n, v] : values)
    if (n == name) return v;
  return NAN;
}

}  // namespace

std::vector<int> exampleOrder(const TaskGates& g, ExampleOrder order) {
  const size_t n = examplesOf(g);
  std::vector<int> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  if (order == ExampleOrder::Probe) return idx;
  std::vector<int> pref(n);
  for (size_t i = 0; i < n; ++i) pref[i] = preferred(g, i);
  const bool byClass = order == ExampleOrder::Class && g.classMeanWeight.size() > 0;
  std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) {
    const auto la = labelAt(g, static_cast<size_t>(a)), lb = labelAt(g, static_cast<size_t>(b));
    if (byClass && la != lb) return la < lb;
    if (pref[a] != pref[b]) return pref[a] < pref[b];
    return !byClass && la < lb;
  });
  return idx;
}

HeatmapData gateWeightsHeatmap(const TaskGates& g, ExampleOrder order, const QString& titleSuffix) {
  HeatmapData h;
  const auto idx = exampleOrder(g, order);
  h.rows = static_cast<int>(idx.size());
  h.cols = static_cast<int>(g.experts);
  h.values.reserve(idx.size() * static_cast<size_t>(g.experts));
  for (int i : idx)
    for (size_t j = 0; j < static_cast<size_t>(g.experts); ++j) h.values.push_back(weightAt(g, static_cast<size_t>(i), j));
  h.colLabels = expertLabels(g);
  const bool byClass = order == ExampleOrder::Class && !g.classMeanWeight.empty();
  if (byClass) {  // a tick in the middle of each class's block of rows
    size_t start = 0;
    while (start < idx.size()) {
      const auto c = labelAt(g, static_cast<size_t>(idx[start]));
      size_t end = start;
      while (end < idx.size() && labelAt(g, static_cast<size_t>(idx[end])) == c) ++end;
      h.rowTicks.emplace_back(0.5 * static_cast<double>(start + end - 1), className(g, c));
      start = end;
    }
  }
  const QString sorted = order == ExampleOrder::Probe ? QObject::tr("as probed")
                         : byClass                    ? QObject::tr("by class")
                                                      : QObject::tr("by preferred expert");
  h.title = QObject::tr("Gate weights, %1 (%2 examples, %3)%4")
                .arg(QString::fromStdString(g.name)).arg(idx.size()).arg(sorted, titleSuffix);
  h.xLabel = QObject::tr("expert");
  h.yLabel = byClass ? QObject::tr("example (by class)") : QObject::tr("example");
  h.valueLabel = QObject::tr("gate weight");
  h.low = 0;
  h.high = 1;
  return h;
}

NumericCsv gateWeightsTable(const TaskGates& g, ExampleOrder order) {
  NumericCsv t;
  t.header = {"example", "label"};
  for (int j = 1; j <= g.experts; ++j) t.header.push_back("e" + std::to_string(j));
  for (int i : exampleOrder(g, order)) {
    const auto label = labelAt(g, static_cast<size_t>(i));
    std::vector<double> row{double(i), label >= 0 ? double(label) : NAN};
    for (size_t j = 0; j < static_cast<size_t>(g.experts); ++j) row.push_back(weightAt(g, static_cast<size_t>(i), j));
    t.rows.push_back(std::move(row));
  }
  return t;
}

HeatmapData classExpertHeatmap(const TaskGates& g, const QString& titleSuffix) {
  HeatmapData h;
  if (g.experts <= 0 || g.classMeanWeight.empty()) return h;
  h.cols = static_cast<int>(g.experts);
  h.rows = static_cast<int>(g.classMeanWeight.size() / static_cast<size_t>(g.experts));
  h.values.assign(g.classMeanWeight.begin(), g.classMeanWeight.end());
  h.colLabels = expertLabels(g);
  for (int c = 0; c < h.rows; ++c) h.rowLabels << className(g, c);
  h.title = QObject::tr("Mean gate weight per class, %1%2").arg(QString::fromStdString(g.name), titleSuffix);
  h.xLabel = QObject::tr("expert");
  h.yLabel = QObject::tr("class");
  h.valueLabel = QObject::tr("mean gate weight");
  h.low = 0;
  h.high = 1;
  return h;
}

ExpertUse expertUse(const TaskGates& g) {
  ExpertUse u;
  const double n = static_cast<double>(examplesOf(g) > 0 ? examplesOf(g) : g.labels.size());
  for (size_t j = 0; j < static_cast<size_t>(g.experts); ++j) {
    u.routedPercent.push_back(n > 0 && j < g.routed.size() ? 100.0 * static_cast<double>(g.routed[j]) / n : 0.0);
    u.preferredPercent.push_back(n > 0 && j < g.top.size() ? 100.0 * static_cast<double>(g.top[j]) / n : 0.0);
  }
  u.evenPercent = g.experts > 0 ? 100.0 * g.meanNonZeros / static_cast<double>(g.experts) : 0.0;
  return u;
}

NumericCsv expertUseTable(const TaskGates& g) {
  const auto u = expertUse(g);
  NumericCsv t;
  t.header = {"expert", "routed_pct", "preferred_pct", "mean_weight"};
  for (size_t j = 0; j < u.routedPercent.size(); ++j)
    t.rows.push_back({double(j + 1), u.routedPercent[j], u.preferredPercent[j],
                      j < g.meanWeight.size() ? double(g.meanWeight[j]) : NAN});
  return t;
}

NonZerosCurve nonZerosCurve(const std::vector<EpochRecord>& epochs, const std::string& task) {
  NonZerosCurve c;
  for (const auto& e : epochs) {
    const double mean = valueOf(e.extra, metric::gate(task, metric::kGateNonZerosMean));
    const double max = valueOf(e.extra, metric::gate(task, metric::kGateNonZerosMax));
    if (std::isnan(mean) && std::isnan(max)) continue;
    c.epoch.push_back(static_cast<double>(e.epoch));
    c.mean.push_back(mean);
    c.max.push_back(max);
    c.saturated.push_back(valueOf(e.extra, metric::gate(task, metric::kGateSaturated)));
  }
  return c;
}

NumericCsv nonZerosTable(const NonZerosCurve& c) {
  NumericCsv t;
  t.header = {metric::kEpoch, metric::kGateNonZerosMean, metric::kGateNonZerosMax, metric::kGateSaturated};
  for (size_t i = 0; i < c.epoch.size(); ++i) t.rows.push_back({c.epoch[i], c.mean[i], c.max[i], c.saturated[i]});
  return t;
}

}  // namespace comet::gui
