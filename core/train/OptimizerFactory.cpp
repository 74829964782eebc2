// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/OptimizerFactory.h"

#include <torch/optim.h>

#include "core/train/FusedAdam.h"
#include "core/util/Error.h"

namespace comet {

std::unique_ptr<torch::optim::Optimizer> createOptimizer(const TrainConfig& c,
                                                         const std::vector<torch::Tensor>& params) {
  using namespace torch::optim;
  if (c.optimizer == "sgd") return std::make_unique<SGD>(params, SGDOptions(c.lr).weight_decay(c.weightDecay));
  if (c.optimizer == "sgd_momentum")
    return std::make_unique<SGD>(params, SGDOptions(c.lr).momentum(c.momentum).weight_decay(c.weightDecay));
  if (c.optimizer == "adam") return std::make_unique<FusedAdam>(params, AdamOptions(c.lr).weight_decay(c.weightDecay));
  if (c.optimizer == "adamw") return std::make_unique<FusedAdamW>(params, AdamWOptions(c.lr).weight_decay(c.weightDecay));
  throw ConfigError("train.optimizer: unknown optimizer '" + c.optimizer + "'; known: sgd sgd_momentum adam adamw");
}

std::unique_ptr<torch::optim::Optimizer> createOptimizer(const TrainConfig& c,
                                                         const std::vector<torch::Tensor>& params,
                                                         const std::vector<torch::Tensor>& other, double otherLr) {
  auto optimizer = createOptimizer(c, params);
  if (other.empty()) return optimizer;
  // The second group copies the first's options (momentum, weight decay, betas)
  // and changes only the learning rate.
  std::unique_ptr<torch::optim::OptimizerOptions> options = optimizer->defaults().clone();
  options->set_lr(otherLr > 0 ? otherLr : c.lr);
  optimizer->add_param_group(torch::optim::OptimizerParamGroup(other, std::move(options)));
  return optimizer;
}

}  // namespace comet
