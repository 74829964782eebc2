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
  // Where docs/performance.md ("Sparse execution", 2026-12-01, 2 cores) measured
  // sparse faster than dense COMET: p_k 0.1 at every width and batch (1.5x to
  // 3.2x), and at batch 32 p_k 0.2 (1.7x, 2.0x at widths 1000, 3000) and 0.3 (1.2x,
  // 1.5x). Sparse work grows as p_k^2 (active rows x active inputs) where dense
  // work does not, so it loses beyond: p_k 0.5 at batch 32 (0.74x, 0.98x), p_k 0.2
  // at batch 256 (0.95x, 0.80x), p_k 0.9 everywhere.
  const double pk = c.model.pk;
  return pk <= 0.1 || (c.train.batchSize <= 32 && pk <= 0.3) ? "sparse" : "dense";
}

}  // namespace comet
