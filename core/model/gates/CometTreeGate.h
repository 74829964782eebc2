// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/gates/Gate.h"

namespace comet {

// The COMET gate (Ibrahim et al., KDD 2023): k soft binary trees of depth
// D = ceil(log2 n). Internal node i of tree q sends x left with probability
// S(w_iq . x + b_iq) and right with the complement; P_q(x -> j) is the product along
// the path to leaf j (leaf j's path spells j in binary, most significant bit at the
// root, left = 0). Leaf j of tree q scores a_qj(x) = o_qj . x + c_qj. The gate is one
// softmax over the k n entries P_q(x->j) exp(a_qj), i.e. over log P_q(x->j) + a_qj,
// summed over the trees per expert (already summing to 1, so the paper's
// renormalisation is a no-op). In log space a saturated path has log P = -inf and its
// weight is exactly 0: a tree whose smooth-steps are all 0 or 1 reaches one leaf, so
// at most k experts are non-zero.
//
// n not a power of two: the complete tree has 2^D leaves, of which the last 2^D - n
// name no expert. Those are pruned: a node whose right subtree holds no valid leaf
// sends everything left with probability exactly 1 (it has no smooth-step; its
// parameter rows exist, to keep one [k * (2^D - 1), inputs] matrix, but get no
// gradient and do not count in saturation()). Every valid leaf stays reachable, no
// mass ever reaches an invalid leaf, and a saturated tree always lands on an expert,
// so no penalty or renormalisation is needed.
//
// Entropy regulariser (penalty(), training mode, when entropyLambda > 0):
// entropyLambda * mean over the batch of sum_q H(P_q(x -> .)), which pushes each
// tree to a single leaf, i.e. the smooth-steps to saturate.
// Init: node weights and biases U(-gamma/100, gamma/100), leaf weights and biases
// U(-0.05, 0.05).
class CometTreeGate : public GateImpl {
 public:
  CometTreeGate(int64_t inputs, int64_t experts, int64_t k, double gamma, double entropyLambda);
  torch::Tensor forward(const torch::Tensor& x, const GateContext& ctx) override;
  torch::Tensor penalty() override { return m_penalty; }
  double saturation() const override { return m_saturation; }

  // [batch, k, n] log P_q(x -> j) (differentiable) and P_q(x -> j) itself.
  torch::Tensor logRouting(const torch::Tensor& x);
  torch::Tensor routingProbabilities(const torch::Tensor& x) { return logRouting(x).exp(); }
  int64_t depth() const { return m_depth; }
  // Whether node i (heap order: root 0, children 2i+1 and 2i+2) has a smooth-step.
  bool nodeActive(int64_t i) const { return m_active[static_cast<size_t>(i)]; }
  const torch::Tensor& nodeWeight() const { return m_nodeWeight; }

 private:
  int64_t m_experts, m_k, m_depth;
  double m_gamma, m_entropyLambda;
  std::vector<bool> m_active;   // per node of one tree
  torch::Tensor m_activeMask;   // buffer [1, 1, 2^D - 1] bool
  torch::Tensor m_nodeWeight;   // [k * (2^D - 1), inputs], tree-major
  torch::Tensor m_nodeBias;     // [k * (2^D - 1)]
  torch::Tensor m_leafWeight;   // [k * n, inputs], tree-major
  torch::Tensor m_leafBias;     // [k * n]
  torch::Tensor m_penalty;
  double m_saturation;
};

}  // namespace comet
