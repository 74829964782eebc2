// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/Execution.h"

namespace comet {

std::string sparseIneligibility(const ExperimentConfig& c) {
  if (c.model.backbone != "mlp") return "it runs only the MLP backbone (model.backbone is '" + c.model.backbone + "')";
  if (c.model.method != "comet")
    return "only COMET's masks are known before the forward pass (model.method is '" + c.model.method + "')";
  if (c.model.norm != "none")
    return "a norm layer makes every neuron depend on the others (model.norm is '" + c.model.norm + "')";
  if (c.train.optimizer != "sgd")
    return "only plain SGD leaves the untouched weights as they are (train.optimizer is '" + c.train.optimizer +
           "'; momentum and Adam move every weight every step)";
  if (c.train.weightDecay != 0.0) return "weight decay moves every weight every step (train.weight_decay is not 0)";
  if (c.train.gradClip != "none") return "clipping needs the whole gradient (train.grad_clip is not none)";
  return "";
}

std::string resolvedExecution(const ExperimentConfig& c) {
  if (c.model.execution == "dense") return "dense";
  if (c.model.execution == "sparse") return "sparse";
  if (!sparseIneligibility(c).empty()) return "dense";
  return c.model.pk <= 0.5 ? "sparse" : "dense";  // placeholder until measured (see docs/performance.md)
}

}  // namespace comet
