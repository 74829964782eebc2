// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/util/NamedValues.h"

namespace comet {

// A model measured on one split: what the trainer's evaluation and its training meters
// give. Torch-free.
struct Evaluation {
  double loss = kNaN;
  double accuracy = kNaN;  // NaN for regression; multi-task: the mean over classification tasks
  std::vector<double> taskLoss;      // per task
  std::vector<double> taskAccuracy;  // per task (NaN for regression tasks)
  NamedValues statistics;            // the network's evaluation statistics (gates)
};

// The metrics a run reports beyond the fixed columns (EpochRecord::extra,
// RunSummary::extra), built in one place, in one order, with the names of
// core/util/MetricNames.h:
//   per task (multi-task runs)   TASK/train_loss, TASK/train_acc, then TASK/val_...
//   a language model             lm/train_bpc, lm/val_bpc, lm/val_perplexity
//   a learning-rate schedule     train/lr, the rate of the epoch's last step
//   the network's statistics     as it names them (a mixture's gate sparsity)
// Torch-free.
class EpochMetrics {
 public:
  struct TaskInfo {
    std::string name;
    bool classification = true;
  };
  // `tasks`: a multi-task run's tasks (empty for one task); `totalSteps` the run's steps
  // (the schedule's length).
  EpochMetrics(std::vector<TaskInfo> tasks, bool languageModel, const TrainConfig& train, int64_t totalSteps);

  // An epoch's extra metrics, after `stepsDone` steps of the run.
  NamedValues epoch(const Evaluation& train, const Evaluation& val, int64_t stepsDone) const;
  // The run's extra test metrics.
  NamedValues summary(const Evaluation& test) const;

 private:
  void addTasks(NamedValues& out, const std::string& split, const Evaluation& e) const;

  std::vector<TaskInfo> m_tasks;
  bool m_languageModel;
  TrainConfig m_train;
  int64_t m_totalSteps;
};

}  // namespace comet
