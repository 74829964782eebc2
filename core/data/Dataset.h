// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

namespace comet {

enum class Task { Classification, Regression };

// One split of a dataset, in memory: flattened, normalised features and targets.
struct Dataset {
  torch::Tensor x;  // [n, features] float32
  torch::Tensor y;  // [n] int64 class labels, or [n, 1] float32 regression targets
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
  int64_t features() const { return train.x.size(1); }
  int64_t outputs() const { return task == Task::Classification ? numClasses : 1; }
};

}  // namespace comet
