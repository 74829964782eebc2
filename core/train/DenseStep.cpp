// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/DenseStep.h"

#include <torch/torch.h>

#include "core/train/LrSchedule.h"
#include "core/train/TaskLoss.h"

namespace comet {

DenseStep::DenseStep(const TrainConfig& config, Network net, const TaskLoss& loss,
                     std::unique_ptr<torch::optim::Optimizer> optimizer)
    : m_config(config), m_net(std::move(net)), m_loss(loss), m_optimizer(std::move(optimizer)) {
  for (auto& group : m_optimizer->param_groups()) m_baseLr.push_back(group.options().get_lr());
}

DenseStep::~DenseStep() = default;

void DenseStep::applyLrSchedule(const StepPosition& position) {
  if (!hasLrSchedule(m_config)) return;
  const double factor = lrFactor(m_config, position.stepsDone, position.totalSteps);
  auto& groups = m_optimizer->param_groups();
  for (size_t g = 0; g < groups.size() && g < m_baseLr.size(); ++g) groups[g].options().set_lr(m_baseLr[g] * factor);
}

void DenseStep::clipGradients() {
  if (m_config.gradClip == "norm")
    torch::nn::utils::clip_grad_norm_(m_net->parameters(), m_config.gradClipValue);
  else if (m_config.gradClip == "value")
    torch::nn::utils::clip_grad_value_(m_net->parameters(), m_config.gradClipValue);
}

// zero_grad() without its costs: the gradients are released before the backward pass
// instead of zeroed, so the backward's new gradient tensors become the gradients as they
// are, with no zero-fill and no accumulation pass over every weight
// (docs/performance.md). A parameter the backward did not reach gets the zero gradient
// zero_grad() would have left it (and one that never had a gradient stays without), so
// optimizers see exactly what they saw before.
void DenseStep::releaseGradients() {
  m_hadGradient.clear();
  for (auto& group : m_optimizer->param_groups())
    for (auto& p : group.params()) {
      m_hadGradient.push_back(p.grad().defined() ? 1 : 0);
      p.mutable_grad().reset();
    }
}

void DenseStep::restoreUnreachedGradients() {
  size_t i = 0;
  for (auto& group : m_optimizer->param_groups())
    for (auto& p : group.params())
      if (m_hadGradient[i++] && !p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
}

StepResult DenseStep::step(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& indices,
                           const StepPosition& position) {
  ForwardContext ctx;
  ctx.exampleIndex = indices;
  ctx.epoch = position.epoch;
  releaseGradients();
  applyLrSchedule(position);
  const auto out = m_net->forward(x, ctx);
  auto r = m_loss(out, y);
  auto l = r.total;
  if (auto p = m_net->penalty(); p.defined()) l = l + p;
  l.backward();
  restoreUnreachedGradients();
  clipGradients();
  m_optimizer->step();
  StepResult result;
  result.loss = r.value;
  result.correct = m_loss.accuracy(r.taskCorrect, 1);
  result.taskLoss = std::move(r.taskLoss);
  result.taskCorrect = std::move(r.taskCorrect);
  return result;
}

}  // namespace comet
