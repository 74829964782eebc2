// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <string>
#include <vector>

#include "core/probe/ProbeReport.h"
#include "core/train/Metrics.h"
#include "widgets/FigureCsv.h"
#include "widgets/HeatmapPlot.h"

namespace comet::gui {

// The data behind the Gates view's figures, as plain values (the view draws them;
// the tests check them without drawing).

// How the probed examples are ordered in the examples x experts heatmap.
enum class ExampleOrder {
  Class,            // by class, then by preferred expert (regression tasks: by preferred expert)
  PreferredExpert,  // by the expert with the largest weight, then by class
  Probe,            // as probed
};
// Indices into the probed examples, in `order`. Stable: ties keep probe order.
std::vector<int> exampleOrder(const TaskGates& gates, ExampleOrder order);

// The examples x experts gate weights in `order`, with the class names at the
// middle of each class's rows when sorted by class.
HeatmapData gateWeightsHeatmap(const TaskGates& gates, ExampleOrder order, const QString& titleSuffix);
NumericCsv gateWeightsTable(const TaskGates& gates, ExampleOrder order);  // example,label,e1..en
// The classes x experts mean gate weight (empty for a regression task).
HeatmapData classExpertHeatmap(const TaskGates& gates, const QString& titleSuffix);

// Per expert, the percentage of probed examples routed to it (non-zero weight) and
// of those that prefer it (largest weight); with its mean weight, as exported.
struct ExpertUse {
  std::vector<double> routedPercent;
  std::vector<double> preferredPercent;
  double evenPercent = 0;  // what every expert would get if the routing were even
};
ExpertUse expertUse(const TaskGates& gates);
NumericCsv expertUseTable(const TaskGates& gates);  // expert,routed_pct,preferred_pct,mean_weight

// A task's gate sparsity after each epoch, from metrics.csv's named columns
// gate/TASK/nonzeros_mean, nonzeros_max and saturated (NaN where missing).
struct NonZerosCurve {
  std::vector<double> epoch, mean, max, saturated;
  bool empty() const { return epoch.empty(); }
};
NonZerosCurve nonZerosCurve(const std::vector<EpochRecord>& epochs, const std::string& task);
NumericCsv nonZerosTable(const NonZerosCurve& curve);  // epoch,nonzeros_mean,nonzeros_max,saturated

}  // namespace comet::gui
