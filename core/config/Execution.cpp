// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/Execution.h"

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
  if (isContinual(c.continual)) {
    if (c.continual.sequence == "permuted")
      return "its mask cache holds one input per example, and a permuted sequence shows each example under "
             "every task's permutation (continual.sequence is permuted)";
    if (continualScenario(c.continual) == "task")
      return "its loss does not mask the other tasks' heads (continual.scenario task; class runs sparse)";
    if (c.continual.strategy == "ewc") return "the EWC penalty needs the whole gradient (continual.strategy is ewc)";
  }
  if (hasLrSchedule(c.train))
    return "it steps at a fixed train.lr (train.lr_schedule or train.warmup_steps is set)";
  return "";
}

std::string resolvedExecution(const ExperimentConfig& c) {
  if (c.model.execution == "dense") return "dense";
  if (c.model.execution == "sparse") return "sparse";
  if (!sparseIneligibility(c).empty()) return "dense";
  // Where docs/performance.md ("Sparse execution": "Layers too dense for rows",
  // 2 cores) measured sparse faster than dense COMET: every width and batch up to
  // p_k 0.5 (1.14x to 3.3x; layers too dense for row-by-row products run as
  // GEMMs there). At p_k 0.9 it measured 0.95x to 1.22x, so dense stays.
  return c.model.pk <= 0.5 ? "sparse" : "dense";
}

}  // namespace comet
