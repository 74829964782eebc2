// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/model/Network.h"

namespace torch::optim {
class Optimizer;
}

namespace comet {

class TaskLoss;

// Where the run stands when a step is taken: what the learning-rate schedule and gates
// with a schedule read.
struct StepPosition {
  int64_t stepsDone = 0;   // steps finished before this one, over the whole run
  int64_t totalSteps = 0;  // the run's steps (the schedule's length)
  double epoch = 0;        // epochs completed, fractional (ForwardContext::epoch)
};

// What one step measured on its batch, before the update.
struct StepResult {
  double loss = 0;  // the batch's mean loss (of every task, weighted)
  // Single task: correct predictions; multi-task: their mean over the classification
  // tasks, so that correct / n is the reported accuracy; NaN for regression where the
  // step does not count them.
  double correct = 0;
  std::vector<double> taskLoss;     // multi-task: per task (empty when the step has none)
  std::vector<double> taskCorrect;  // multi-task: per task
};

// One optimisation step of one kind: the dense step (forward, loss, backward, clipping,
// the learning-rate schedule, the optimizer) or COMET's sparse step. The trainer asks
// makeTrainStep for one and no longer knows which it runs.
class TrainStep {
 public:
  virtual ~TrainStep() = default;
  // One step on the training examples `indices`, whose inputs and targets are `x` and
  // `y`.
  virtual StepResult step(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& indices,
                          const StepPosition& position) = 0;
  // The optimizer whose state a checkpoint keeps (the sparse step's SGD has none beyond
  // its options, but a checkpoint of either kind has the same entries).
  virtual torch::optim::Optimizer& optimizer() = 0;
  // "dense" or "sparse" (RunInfo::execution).
  virtual std::string execution() const = 0;
  // Sparse: each hidden layer's product for a batch of `batch` examples
  // (RunInfo::sparseProducts); empty for the dense step.
  virtual std::vector<std::string> products(int64_t batch) const { return {}; }
};

// The step that model.execution resolves to (core/config/Execution.h) for `net`: the
// sparse COMET step where it is sparse (ConfigError when `net` is not COMET's MLP), else
// the dense step with an optimizer over net->parameterGroups() (the gates at
// model.gate_lr). `loss` must outlive the step.
std::unique_ptr<TrainStep> makeTrainStep(const ExperimentConfig& config, const Network& net, const TaskLoss& loss);

}  // namespace comet
