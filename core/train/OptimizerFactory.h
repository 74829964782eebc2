// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/optim/optimizer.h>

#include <memory>

#include "core/config/ExperimentConfig.h"

namespace comet {

// sgd, sgd_momentum, adam, adamw over the given parameters, with train.lr and
// train.weight_decay (and train.momentum for sgd_momentum).
std::unique_ptr<torch::optim::Optimizer> createOptimizer(const TrainConfig& config,
                                                         const std::vector<torch::Tensor>& parameters);
// The same with a second parameter group at its own learning rate (a mixture of
// experts' gates at model.gate_lr); `otherLr` 0 or an empty group: one group.
std::unique_ptr<torch::optim::Optimizer> createOptimizer(const TrainConfig& config,
                                                         const std::vector<torch::Tensor>& parameters,
                                                         const std::vector<torch::Tensor>& other, double otherLr);

}  // namespace comet
