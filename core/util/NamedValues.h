// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace comet {

// A missing value: a metric a run does not have (regression accuracy), a mean of nothing.
// Written as null in run files.
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Values named like TensorBoard tags: a task's "top_left/val_acc" in a multi-task run, a
// gate's "gate/top_left/nonzeros_mean" (core/util/MetricNames.h builds the names). Every
// epoch of a run has the same names in the same order; metrics.csv gives each one a
// column after the fixed ones.
using NamedValues = std::vector<std::pair<std::string, double>>;

}  // namespace comet
