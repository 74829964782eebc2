// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/continual/Ewc.h"

#include <torch/torch.h>

#include "core/data/DataLoader.h"
#include "core/util/Error.h"

namespace comet {

std::vector<torch::Tensor> empiricalFisher(NetworkImpl& net, const TaskLoss& loss, const Dataset& examples) {
  const auto params = net.parameters();
  std::vector<torch::Tensor> fisher;
  for (const auto& p : params) fisher.push_back(torch::zeros_like(p));  // summed in the parameters' type
  const int64_t n = examples.size();
  net.eval();
  for (int64_t i = 0; i < n; ++i) {
    const auto out = net.forward(examples.x.narrow(0, i, 1));
    const auto l = loss(out, examples.y.narrow(0, i, 1)).total;
    const auto grads = torch::autograd::grad({l}, params, {}, false, false, true);
    for (size_t k = 0; k < params.size(); ++k)
      if (grads[k].defined()) fisher[k].addcmul_(grads[k], grads[k]);
  }
  net.train();
  for (auto& f : fisher) f = f.to(torch::kFloat64).div_(static_cast<double>(std::max<int64_t>(n, 1)));
  return fisher;
}

Ewc::Ewc(const ContinualConfig& config, uint64_t seed, std::shared_ptr<const ContinualStream> stream,
         const TaskLoss& loss, NetworkImpl& net)
    : m_config(config),
      m_seed(seed),
      m_stream(std::move(stream)),
      m_loss(loss),
      m_params(net.parameters()),
      m_active(std::make_shared<bool>(true)) {}

Ewc::~Ewc() {
  // The hooks stay on the parameters and read this object's tensors; switched off,
  // they return the gradient as it is before reading anything.
  *m_active = false;
}

void Ewc::installHooks() {
  if (m_hooked) return;
  m_hooked = true;
  for (size_t k = 0; k < m_params.size(); ++k) {
    auto& p = m_params[k];
    if (!p.requires_grad()) continue;
    // The hook reads lambda F and theta* through this object's vectors at call time
    // (they are replaced when a later task ends), and the weights as they are then:
    // grad + lambda F (theta - theta*), in the parameter's own type.
    const auto param = p.detach();
    p.register_hook([this, k, param, active = m_active](const torch::Tensor& grad) -> torch::Tensor {
      if (!*active) return grad;
      return torch::addcmul(grad, m_weightedFisher[k], param - m_anchor[k]);
    });
  }
}

void Ewc::consolidate() {
  m_weightedFisher.clear();
  for (size_t k = 0; k < m_fisher.size(); ++k)
    m_weightedFisher.push_back((m_fisher[k] * m_config.ewcLambda).to(m_params[k].scalar_type()));
  installHooks();
}

void Ewc::epochFinished(int64_t epoch, HookContext& ctx) {
  if (!m_stream->endsTask(epoch) || epoch == m_stream->epochs()) return;  // nothing trains after the last task
  const int64_t task = m_stream->taskOf(epoch);
  const auto& seqTask = m_stream->sequence().tasks.at(static_cast<size_t>(task));
  const int64_t n = seqTask.train.numel();
  const int64_t take = m_config.ewcSamples > 0 ? std::min(m_config.ewcSamples, n) : n;
  const auto perm = seededPermutation(n, m_seed * 1000003ull + 0xe3c + static_cast<uint64_t>(task));
  const auto pick = seqTask.train.index_select(
      0, torch::tensor(std::vector<int64_t>(perm.begin(), perm.begin() + take), torch::kLong));
  *m_active = false;
  const auto fresh = empiricalFisher(ctx.net, m_loss, m_stream->taskExamples(task, pick));
  *m_active = true;
  if (m_fisher.empty()) {
    m_fisher = fresh;
  } else {
    for (size_t k = 0; k < m_fisher.size(); ++k) m_fisher[k] = m_fisher[k] * m_config.ewcGamma + fresh[k];
  }
  m_anchor.clear();
  for (const auto& p : m_params) m_anchor.push_back(p.detach().clone());
  consolidate();
}

void Ewc::saveState(torch::serialize::OutputArchive& archive) const {
  archive.write("tensors", c10::IValue(static_cast<int64_t>(m_fisher.size())));
  for (size_t k = 0; k < m_fisher.size(); ++k) {
    archive.write("fisher_" + std::to_string(k), m_fisher[k]);
    archive.write("anchor_" + std::to_string(k), m_anchor[k]);
  }
}

void Ewc::loadState(torch::serialize::InputArchive& archive) {
  c10::IValue count;
  if (!archive.try_read("tensors", count) || !count.isInt())
    throw RunError("corrupt checkpoint: EWC's state has no tensor count");
  const auto n = static_cast<size_t>(count.toInt());
  if (n == 0) return;  // saved before the first task ended
  if (n != m_params.size())
    throw RunError("corrupt checkpoint: EWC's state holds " + std::to_string(n) + " tensors for " +
                   std::to_string(m_params.size()) + " parameters");
  m_fisher.assign(n, {});
  m_anchor.assign(n, {});
  for (size_t k = 0; k < n; ++k) {
    if (!archive.try_read("fisher_" + std::to_string(k), m_fisher[k]) ||
        !archive.try_read("anchor_" + std::to_string(k), m_anchor[k]) ||
        !m_fisher[k].sizes().equals(m_params[k].sizes()) || !m_anchor[k].sizes().equals(m_params[k].sizes()))
      throw RunError("corrupt checkpoint: EWC's tensor " + std::to_string(k) + " is missing or has the wrong shape");
  }
  consolidate();
}

}  // namespace comet
