// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

#include "core/data/Dataset.h"

namespace comet {

// The training objective over one or several tasks. A network's output holds the
// tasks' outputs side by side ([batch, sum of outputs]); task t's slice is scored
// with cross-entropy (classification) or MSE (regression) against column t of the
// targets, and the loss is sum_t w_t loss_t. Single-task data is the case T = 1
// with the targets as DataSplits holds them ([n] labels or [n, 1] values). A
// language model's output [batch, positions, vocabulary] is scored at every
// position against targets [batch, positions]: the loss is the mean over
// characters (nats per character), and the correct predictions of an example are
// its correct positions / positions (so correct / n is per-character accuracy).
class TaskLoss {
 public:
  // `weights`: train.task_weights (empty: every task weighs 1). Throws ConfigError
  // when it does not hold one weight per task.
  TaskLoss(const DataSplits& data, std::vector<double> weights);

  struct Result {
    torch::Tensor total;              // the weighted loss (with gradient)
    double value = 0;                 // its value
    std::vector<double> taskLoss;     // per task
    std::vector<double> taskCorrect;  // per task: correct predictions (0 for regression)
  };
  Result operator()(const torch::Tensor& output, const torch::Tensor& target) const;

  // Task-incremental heads (continual learning): `groupOfClass` gives each class's
  // group (its task); a target of class c is then scored, and predicted, among the
  // classes of c's group only, the other logits set to -inf: a head per task with the
  // task known, as one output layer. Single-task classification only; empty: off.
  void setClassGroups(std::vector<int64_t> groupOfClass);
  const std::vector<int64_t>& classGroups() const { return m_groupOfClass; }

  size_t tasks() const { return m_specs.size(); }
  const std::vector<TaskSpec>& specs() const { return m_specs; }
  bool multiTask() const { return m_multi; }
  bool hasClassification() const;
  // The accuracy a run reports for `correct` predictions out of `n` per task: the
  // mean over the classification tasks (NaN when there are none).
  double accuracy(const std::vector<double>& correct, int64_t n) const;

 private:
  std::vector<TaskSpec> m_specs;
  std::vector<double> m_weights;
  bool m_multi = false;
  std::vector<int64_t> m_groupOfClass;
  torch::Tensor m_sameGroup;  // [classes, classes] bool: class j shares class i's group
};

}  // namespace comet
