// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/probe/ProbeReport.h"

namespace comet {

// The gate probe's files in a run's probe/ folder (docs/run-directory.md), one set
// per task T (1-based):
//   gates_summary.csv        task,experts,examples,nonzeros_mean,nonzeros_max
//   gates_usage_taskT.csv    expert,routed,top,mean_weight,<mean weight per class:
//                            one column per class name>
//   gates_weights_taskT.csv  label,e1,...,en: each probed example's gate weights in
//                            probe order (label empty for a regression task)
// Task names are not in these files: summary.json's `tasks` holds them.
void writeGateProbeCsv(const std::vector<TaskGates>& gates, const std::string& directory);

// Reads them back: empty without gates_summary.csv; throws RunError naming the file
// and line for a corrupt one, or for a weights file whose width is not the expert
// count. Names are "task1", ... until the caller knows better.
std::vector<TaskGates> readGateProbeCsv(const std::string& directory);

}  // namespace comet
