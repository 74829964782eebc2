// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/TaskSequence.h"

#include <torch/torch.h>

#include "core/data/TaskSplit.h"
#include "core/util/Error.h"

namespace comet {
namespace {

std::string classList(const std::vector<int64_t>& classes) {
  std::string s;
  for (const auto c : classes) s += (s.empty() ? "" : ", ") + std::to_string(c);
  return s;
}

// The rows of `split` whose label is one of `classes`.
torch::Tensor rowsOf(const Dataset& split, const std::vector<int64_t>& classes) {
  auto keep = torch::zeros({split.size()}, torch::kBool);
  for (const auto c : classes) keep.logical_or_(split.y.eq(c));
  return keep.nonzero().squeeze(1);
}

Dataset subset(const Dataset& split, const torch::Tensor& rows) {
  return {split.x.index_select(0, rows), split.y.index_select(0, rows)};
}

}  // namespace

torch::Tensor SequenceTask::inputs(const torch::Tensor& x) const {
  return permutation.defined() ? x.index_select(1, permutation) : x;
}

TaskSequence makeTaskSequence(const ContinualConfig& c, const DataSplits& data, uint64_t seed) {
  if (data.task != Task::Classification || data.multiTask() || data.languageModel())
    throw ConfigError("continual.sequence: '" + c.sequence + "' needs single-task classification data (" +
                      data.description + " is not)");
  TaskSequence seq;
  if (c.sequence == "split") {
    const auto groups = splitClasses(data.numClasses, c.tasks, c.classOrder, seed);
    seq.taskOfClass.assign(static_cast<size_t>(data.numClasses), -1);
    for (size_t t = 0; t < groups.size(); ++t) {
      SequenceTask task;
      task.name = "task" + std::to_string(t + 1);
      task.classes = groups[t];
      for (const auto cls : groups[t]) seq.taskOfClass[static_cast<size_t>(cls)] = static_cast<int64_t>(t);
      task.train = rowsOf(data.train, task.classes);
      task.val = subset(data.val, rowsOf(data.val, task.classes));
      task.test = subset(data.test, rowsOf(data.test, task.classes));
      const std::string which = "continual.tasks: " + task.name + " (classes " + classList(task.classes) + ")";
      if (task.train.numel() == 0) throw ConfigError(which + " has no training examples");
      if (task.test.size() == 0) throw ConfigError(which + " has no test examples");
      seq.tasks.push_back(std::move(task));
    }
  } else if (c.sequence == "permuted") {
    if (c.tasks < 1) throw ConfigError("continual.tasks: " + std::to_string(c.tasks) + " tasks (at least 1)");
    const int64_t features = data.features();
    for (int64_t t = 0; t < c.tasks; ++t) {
      SequenceTask task;
      task.name = "task" + std::to_string(t + 1);
      for (int64_t k = 0; k < data.numClasses; ++k) task.classes.push_back(k);
      task.train = torch::arange(data.train.size(), torch::kLong);
      if (t > 0 || !c.firstUnpermuted)
        task.permutation = torch::tensor(taskPermutation(features, t, seed, c.firstUnpermuted), torch::kLong);
      task.val = {task.inputs(data.val.x), data.val.y};
      task.test = {task.inputs(data.test.x), data.test.y};
      seq.tasks.push_back(std::move(task));
    }
    if (data.test.size() == 0) throw ConfigError("continual.sequence: permuted tasks need test examples (the test split is empty)");
  } else {
    throw ConfigError("continual.sequence: '" + c.sequence + "' is not a task sequence (split or permuted)");
  }
  return seq;
}

}  // namespace comet
