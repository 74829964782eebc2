// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <vector>

#include "core/train/TrainStep.h"

namespace comet {

// The dense step: forward, the loss and the network's penalty, backward, gradient
// clipping (train.grad_clip), the learning-rate schedule (train.lr_schedule and warm-up,
// each optimizer group from its own base rate), and the optimizer.
class DenseStep : public TrainStep {
 public:
  DenseStep(const TrainConfig& config, Network net, const TaskLoss& loss,
            std::unique_ptr<torch::optim::Optimizer> optimizer);
  ~DenseStep() override;

  StepResult step(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& indices,
                  const StepPosition& position) override;
  torch::optim::Optimizer& optimizer() override { return *m_optimizer; }
  std::string execution() const override { return "dense"; }

 private:
  void applyLrSchedule(const StepPosition& position);
  void releaseGradients();
  void restoreUnreachedGradients();
  void clipGradients();

  TrainConfig m_config;
  Network m_net;
  const TaskLoss& m_loss;
  std::unique_ptr<torch::optim::Optimizer> m_optimizer;
  std::vector<double> m_baseLr;     // each optimizer group's own train.lr / model.gate_lr
  std::vector<char> m_hadGradient;  // per optimized parameter, before releaseGradients
};

}  // namespace comet
