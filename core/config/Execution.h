// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

#include "core/config/ExperimentConfig.h"

namespace comet {

// model.execution (docs/performance.md, "Sparse execution"): how a COMET training
// step is computed. Torch-free, so that the config check and the form know it.

// Why sparse execution cannot run this experiment ("" when it can): it needs
// COMET's cached masks (method comet on the MLP, no norm layer) and plain SGD
// without weight decay or clipping (then the weights that no active neuron touches
// have a zero gradient and stay put).
std::string sparseIneligibility(const ExperimentConfig& config);

// "sparse" or "dense": what the trainer runs. auto: sparse when eligible and
// where the benchmark of docs/performance.md measured it faster (p_k <= 0.5),
// dense otherwise.
std::string resolvedExecution(const ExperimentConfig& config);

}  // namespace comet
