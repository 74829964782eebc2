// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/data/Dataset.h"

namespace comet {

// One task of a continual sequence: which training examples it holds and how its
// inputs are changed (a permuted task's fixed pixel permutation).
struct SequenceTask {
  std::string name;              // "task1", "task2", ...
  std::vector<int64_t> classes;  // split: its classes; permuted: every class
  torch::Tensor train;           // [n_t] int64: its examples, as indices into DataSplits::train
  torch::Tensor permutation;     // [features] int64, or undefined: the inputs as they are
  Dataset val;                   // its validation examples, permuted where the task is
  Dataset test;                  // its test examples, permuted where the task is
  // x with this task's permutation applied (x itself when the task has none).
  torch::Tensor inputs(const torch::Tensor& x) const;
};

// A dataset as a sequence of tasks (continual.sequence, docs/continual.md):
//   split: the classes divided into continual.tasks tasks (splitClasses), each task
//          the examples of its classes;
//   permuted: continual.tasks copies of every example, task t under its own fixed
//          permutation of the input positions (taskPermutation).
struct TaskSequence {
  std::vector<SequenceTask> tasks;
  // Split: the task each class belongs to (a task-incremental run's heads); empty
  // for a permuted sequence.
  std::vector<int64_t> taskOfClass;
  int64_t size() const { return static_cast<int64_t>(tasks.size()); }
};

// Throws ConfigError naming the continual key at fault: a class order that does not
// fit the data, a task without training or test examples, a sequence the data cannot
// form (split on regression data).
TaskSequence makeTaskSequence(const ContinualConfig& continual, const DataSplits& data, uint64_t seed);

}  // namespace comet
