// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

#include "core/train/ContinualMetrics.h"

namespace comet {

// A task sequence's masks per task (ContinualReport::masks), into the probe folder
// `dir` (created when missing), replaced at every task's end:
//   continual_overlap_layerL.csv   task,task1,...,taskT: task x task mean Jaccard overlap
//   continual_usage_layerL.csv     neuron,task1,...,taskT: each task's usage of each neuron
//   continual_similarity.csv       task,task1,...,taskT: the tasks' mean input cosine similarity
// Nothing when the report has no masks. Throws RunError when a file cannot be written.
void writeContinualMasks(const ContinualReport& report, const std::string& dir);

}  // namespace comet
