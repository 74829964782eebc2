// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/OptimizerFactory.h"

#include <torch/optim.h>

#include "core/util/Error.h"

namespace comet {

std::unique_ptr<torch::optim::Optimizer> createOptimizer(const TrainConfig& c,
                                                         const std::vector<torch::Tensor>& params) {
  using namespace torch::optim;
  if (c.optimizer == "sgd") return std::make_unique<SGD>(params, SGDOptions(c.lr).weight_decay(c.weightDecay));
  if (c.optimizer == "sgd_momentum")
    return std::make_unique<SGD>(params, SGDOptions(c.lr).momentum(c.momentum).weight_decay(c.weightDecay));
  if (c.optimizer == "adam") return std::make_unique<Adam>(params, AdamOptions(c.lr).weight_decay(c.weightDecay));
  if (c.optimizer == "adamw") return std::make_unique<AdamW>(params, AdamWOptions(c.lr).weight_decay(c.weightDecay));
  throw ConfigError("train.optimizer: unknown optimizer '" + c.optimizer + "'; known: sgd sgd_momentum adam adamw");
}

}  // namespace comet
