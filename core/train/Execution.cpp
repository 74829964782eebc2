// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/Execution.h"

#include <algorithm>

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
  if (c.train.lrSchedule != "constant" || c.train.warmupSteps > 0)
    return "it steps at a fixed train.lr (train.lr_schedule or train.warmup_steps is set)";
  return "";
}

std::string resolvedExecution(const ExperimentConfig& c) {
  if (c.model.execution == "dense") return "dense";
  if (c.model.execution == "sparse") return "sparse";
  if (!sparseIneligibility(c).empty()) return "dense";
  // Where the table of docs/performance.md ("Sparse execution") measured sparse
  // faster than dense (2 cores, AVX-512): p_k 0.1 with batch 32 (1.9x at width
  // 1000, 2.6x at 3000), and p_k 0.1 with batch 256 at width 3000 (the gather
  // kernel); dense everywhere else (p_k 0.25 already loses at batch 32).
  if (c.model.pk > 0.1) return "dense";
  int64_t narrowest = 0;
  for (const int64_t w : hiddenWidths(c.model)) narrowest = narrowest == 0 ? w : std::min(narrowest, w);
  const bool fewExamplesPerRow = c.model.pk * static_cast<double>(c.train.batchSize) <= 4.0;
  const bool gatherRegime = c.train.batchSize * narrowest >= 256 * 3000;
  return fewExamplesPerRow || gatherRegime ? "sparse" : "dense";
}

}  // namespace comet
