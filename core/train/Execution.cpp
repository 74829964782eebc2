// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/Execution.h"

#include "core/train/LrSchedule.h"

namespace comet {

std::string sparseIneligibility(const ExperimentConfig& c) {
  if (c.model.backbone != "mlp") return "it runs only the MLP backbone (model.backbone is '" + c.model.backbone + "')";
  if (isMultiTask(c.data)) return "it trains one task (data." + std::string(c.data.dataset == "csv" ? "csv_targets" : "dataset") +
                                  " makes this data multi-task)";
  if (c.model.method != "comet")
    return "only COMET's masks are known before the forward pass (model.method is '" + c.model.method + "')";
  if (c.model.norm != "none")
    return "a norm layer makes every neuron depend on the others (model.norm is '" + c.model.norm + "')";
  if (c.train.optimizer != "sgd")
    return "only plain SGD leaves the untouched weights as they are (train.optimizer is '" + c.train.optimizer +
           "'; momentum and Adam move every weight every step)";
  if (c.train.weightDecay != 0.0) return "weight decay moves every weight every step (train.weight_decay is not 0)";
  if (c.train.gradClip != "none") return "clipping needs the whole gradient (train.grad_clip is not none)";
  if (hasLrSchedule(c.train))
    return "it steps at a fixed train.lr (train.lr_schedule or train.warmup_steps is set)";
  return "";
}

std::string resolvedExecution(const ExperimentConfig& c) {
  if (c.model.execution == "dense") return "dense";
  if (c.model.execution == "sparse") return "sparse";
  if (!sparseIneligibility(c).empty()) return "dense";
  // Where the table of docs/performance.md ("Sparse execution", rows on both
  // threads) measured sparse faster than dense COMET (2 cores, AVX-512): p_k 0.1
  // at every width and batch (1.7x to 6.5x), and p_k 0.5 at batch 32 (1.1x at
  // width 1000, 2.1x at 3000): about 16 or fewer examples per active neuron, p_k x
  // batch. Dense elsewhere (p_k 0.5 at batch 256: 0.17x to 0.46x; p_k 0.9 at
  // width 1000, batch 32: 0.57x).
  const bool fewExamplesPerRow = c.model.pk * static_cast<double>(c.train.batchSize) <= 16.0;
  return c.model.pk <= 0.1 || fewExamplesPerRow ? "sparse" : "dense";
}

}  // namespace comet
