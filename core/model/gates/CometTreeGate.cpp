// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/gates/CometTreeGate.h"

#include <torch/torch.h>

#include <limits>

#include "core/model/FastLinear.h"
#include "core/model/gates/GateMath.h"
#include "core/model/gates/SmoothStep.h"

namespace comet {

CometTreeGate::CometTreeGate(int64_t inputs, int64_t experts, int64_t k, double gamma, double entropyLambda)
    : m_experts(experts),
      m_k(k),
      m_depth(0),
      m_gamma(gamma),
      m_entropyLambda(entropyLambda),
      m_saturation(std::numeric_limits<double>::quiet_NaN()) {
  while ((int64_t{1} << m_depth) < experts) ++m_depth;
  const int64_t nodes = (int64_t{1} << m_depth) - 1;
  // Node at level d, position p covers leaves [p 2^(D-d), (p+1) 2^(D-d)); it is
  // active when its right half starts at a valid leaf.
  for (int64_t d = 0; d < m_depth; ++d)
    for (int64_t p = 0; p < (int64_t{1} << d); ++p) {
      const int64_t span = int64_t{1} << (m_depth - d);
      m_active.push_back(p * span + span / 2 < experts);
    }
  auto mask = torch::zeros({1, 1, nodes}, torch::kBool);
  for (int64_t i = 0; i < nodes; ++i) mask[0][0][i] = static_cast<bool>(m_active[static_cast<size_t>(i)]);
  m_activeMask = register_buffer("active_nodes", mask);
  const double u = gamma / 100;
  m_nodeWeight = register_parameter("node_weight", torch::empty({k * nodes, inputs}).uniform_(-u, u));
  m_nodeBias = register_parameter("node_bias", torch::empty({k * nodes}).uniform_(-u, u));
  m_leafWeight = register_parameter("leaf_weight", torch::empty({k * experts, inputs}).uniform_(-0.05, 0.05));
  m_leafBias = register_parameter("leaf_bias", torch::empty({k * experts}).uniform_(-0.05, 0.05));
}

torch::Tensor CometTreeGate::logRouting(const torch::Tensor& x) {
  const int64_t batch = x.size(0), nodes = (int64_t{1} << m_depth) - 1;
  auto logp = torch::zeros({batch, m_k, 1}, x.options());
  if (nodes > 0) {
    auto s = smoothStep(fastLinear(x, m_nodeWeight, m_nodeBias), m_gamma).view({batch, m_k, nodes});
    m_saturation = saturatedFraction(s.masked_select(m_activeMask));
    s = torch::where(m_activeMask, s, torch::ones_like(s));  // pruned nodes: always left
    const auto logLeft = safeLog(s), logRight = safeLog(1 - s);
    // Level by level; nodes of level d are 2^d - 1 .. 2^(d+1) - 2 in heap order, and
    // stacking (left, right) per node keeps the leaves in binary order.
    for (int64_t d = 0; d < m_depth; ++d) {
      const int64_t first = (int64_t{1} << d) - 1, count = int64_t{1} << d;
      const auto l = logp + logLeft.narrow(2, first, count), r = logp + logRight.narrow(2, first, count);
      logp = torch::stack({l, r}, 3).view({batch, m_k, 2 * count});
    }
  }
  return logp.narrow(2, 0, m_experts);  // pruned leaves hold -inf only
}

torch::Tensor CometTreeGate::forward(const torch::Tensor& x, const GateContext&) {
  const int64_t batch = x.size(0);
  const auto logp = logRouting(x);  // [batch, k, n]
  const auto scores = fastLinear(x, m_leafWeight, m_leafBias).view({batch, m_k, m_experts});
  const auto w = torch::softmax((logp + scores).view({batch, m_k * m_experts}), 1);
  if (is_training()) m_penalty = m_entropyLambda > 0 ? m_entropyLambda * entropy(logp.exp(), 2).sum(1).mean()
                                                     : torch::Tensor();
  return w.view({batch, m_k, m_experts}).sum(1);
}

}  // namespace comet
