// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/data/Dataset.h"
#include "core/model/Network.h"
#include "core/probe/ProbeReport.h"

namespace comet {

// Records, for a fixed set of examples (the first `probe.examples` of the split it
// is given), each task's gate weights in a mixture of experts and summarises them:
// which experts the examples are routed to, which expert each prefers, the mean
// weight per expert overall and per class, and the non-zeros per example. The
// evaluation forward uses the gates as they evaluate (a local search's hard
// permutation).
class GateProbe {
 public:
  // `targets`: the split's y as DataSplits holds it ([n] labels, [n, 1] values, or
  // [n, T] for multi-task data); `tasks`: one spec per task (TaskLoss::specs()).
  GateProbe(const ProbeConfig& config, const torch::Tensor& x, const torch::Tensor& targets,
            std::vector<TaskSpec> tasks);

  // Empty when the network has no gates.
  std::vector<TaskGates> run(NetworkImpl& net, double epoch) const;

  // Exposed for tests: one task's summary of [examples, experts] weights.
  static TaskGates summarise(const torch::Tensor& weights, const std::vector<int64_t>& labels, const TaskSpec& task);

 private:
  torch::Tensor m_x;
  std::vector<std::vector<int64_t>> m_labels;  // per task, per example (-1: regression)
  std::vector<TaskSpec> m_tasks;
};

}  // namespace comet
