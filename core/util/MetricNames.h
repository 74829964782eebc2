// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>

namespace comet::metric {

// Every metric name a run writes and a view or report reads, built here and
// nowhere else. Names are TensorBoard-style tags: a split's quantity
// ("val_acc"), a task's ("top_left/val_acc"), a language model's ("lm/val_bpc"),
// a gate's statistic ("gate/top_left/nonzeros_mean"), the learning rate
// ("train/lr"). Torch-free.

// The splits and quantities.
inline constexpr const char* kTrain = "train";
inline constexpr const char* kVal = "val";
inline constexpr const char* kTest = "test";
inline constexpr const char* kLoss = "loss";
inline constexpr const char* kAcc = "acc";

// "val_acc", "test_loss": a split's quantity over the whole model.
inline std::string split(const std::string& split, const std::string& quantity) { return split + "_" + quantity; }
// "top_left/val_acc": one task's quantity in a multi-task run.
inline std::string task(const std::string& task, const std::string& split, const std::string& quantity) {
  return task + "/" + metric::split(split, quantity);
}

// The fixed columns of every run's metrics.csv, in order, and summary.json's keys.
inline constexpr const char* kEpoch = "epoch";
inline constexpr const char* kStep = "step";
inline constexpr const char* kSeconds = "seconds";
inline constexpr const char* kTrainLoss = "train_loss";
inline constexpr const char* kTrainAcc = "train_acc";
inline constexpr const char* kValLoss = "val_loss";
inline constexpr const char* kValAcc = "val_acc";
inline constexpr const char* kTestLoss = "test_loss";
inline constexpr const char* kTestAcc = "test_acc";
inline constexpr const char* kBestValAcc = "best_val_acc";
inline constexpr const char* kBestValLoss = "best_val_loss";

// The learning rate of an epoch's last step (a run with a schedule).
inline constexpr const char* kLearningRate = "train/lr";

// A language model's bits per character and perplexity of a split: "lm/val_bpc".
inline constexpr const char* kBitsPerCharacter = "bpc";
inline constexpr const char* kPerplexity = "perplexity";
inline std::string languageModel(const std::string& split, const std::string& quantity) {
  return "lm/" + metric::split(split, quantity);
}

// A task's gate statistic over an evaluation: "gate/top_left/nonzeros_mean".
inline constexpr const char* kGateNonZerosMean = "nonzeros_mean";
inline constexpr const char* kGateNonZerosMax = "nonzeros_max";
inline constexpr const char* kGateSaturated = "saturated";
inline std::string gate(const std::string& task, const std::string& statistic) {
  return "gate/" + task + "/" + statistic;
}

// A continual sequence's task's test accuracy after an epoch: "continual/task2/test_acc".
inline std::string continualTask(const std::string& task) {
  return "continual/" + task + "/" + metric::split(kTest, kAcc);
}

// The task a per-task metric belongs to ("top_left" of "top_left/train_loss"),
// when `name` is that task's `split`_`quantity`; nothing for any other name
// (a gate's or a language model's metric, the learning rate).
inline std::optional<std::string> taskOf(const std::string& name, const std::string& split,
                                         const std::string& quantity) {
  const std::string tail = "/" + metric::split(split, quantity);
  if (name.size() <= tail.size() || name.compare(name.size() - tail.size(), tail.size(), tail) != 0) return {};
  const std::string task = name.substr(0, name.size() - tail.size());
  if (task.find('/') != std::string::npos || task == "lm" || task == "gate" || task == "train") return {};
  return task;
}

}  // namespace comet::metric
