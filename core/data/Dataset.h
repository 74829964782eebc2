// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

namespace comet {

enum class Task { Classification, Regression };

// One task of a multi-task dataset (MultiFashionMNIST's two items, a CSV table's
// target columns).
struct TaskSpec {
  std::string name;                    // "top_left", a CSV column name
  Task kind = Task::Classification;
  int64_t numClasses = 0;              // 0 for regression
  std::vector<std::string> classNames; // empty when unknown
  int64_t outputs() const { return kind == Task::Classification ? numClasses : 1; }
};

// Task t's name in metrics and probe files: its own, or "task1", "task2", ...
// (1-based, like the probe files) for an unnamed one (single-task data).
inline std::string taskName(const TaskSpec& task, size_t t) {
  return task.name.empty() ? "task" + std::to_string(t + 1) : task.name;
}

// One split of a dataset, in memory: flattened, normalised features and targets.
struct Dataset {
  torch::Tensor x;  // [n, features] float32
  // Single task: [n] int64 class labels, or [n, 1] float32 regression targets.
  // Multi-task (DataSplits::tasks not empty): [n, T] float32, column t holding
  // task t's target (class ids as whole numbers for classification).
  torch::Tensor y;
  int64_t size() const { return x.defined() ? x.size(0) : 0; }
};

// The three splits the trainer uses: train and validation are a seeded split of the
// dataset's training set; test is kept apart.
struct DataSplits {
  Dataset train;
  Dataset val;
  Dataset test;
  Task task = Task::Classification;
  int64_t numClasses = 0;              // 0 for regression
  std::vector<int64_t> inputShape;     // {channels, height, width} or {features}
  std::vector<std::string> classNames; // empty when unknown
  std::string description;             // "Fashion-MNIST (/usr/share/...)"
  // Multi-task data: one entry per task, and y holds one column per task; `task`,
  // `numClasses` and `classNames` above then describe the first task. Empty for
  // single-task data.
  std::vector<TaskSpec> tasks;
  // Text for language modelling (TextCorpus.h): the character of each class id.
  // x then holds windows of character ids [n, context] (as floats) and y the next
  // character at every position [n, context] int64. Empty for other data.
  std::string vocabulary;
  bool multiTask() const { return !tasks.empty(); }
  bool languageModel() const { return !vocabulary.empty(); }
  int64_t features() const { return train.x.size(1); }
  int64_t outputs() const { return task == Task::Classification ? numClasses : 1; }
};

}  // namespace comet
