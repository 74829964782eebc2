// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/TaskSequence.h"
#include "core/model/Network.h"
#include "core/train/ContinualMetrics.h"

namespace comet {

// The mechanism COMET claims, per task: the masks of the first `perTask` test
// examples of every task (their inputs as the task sees them), in evaluation mode;
// per hidden layer, each task's neuron usage and the task x task mean Jaccard overlap
// of the masks, and the tasks' input similarity. Fills `report`'s masks,
// inputSimilarity and maskExamples; leaves them empty for a network without masks.
// A transformer's masks (one per token) count each position, and overlap compares
// the same position, as the mask probe does.
void recordTaskMasks(NetworkImpl& net, const TaskSequence& sequence, int64_t perTask, ContinualReport& report);

}  // namespace comet
