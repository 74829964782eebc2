// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/MlpBackbone.h"
#include "core/model/Network.h"

namespace comet {

// `moe_trainable` / `moe_non_trainable`: a mixture of E = max(1, floor(1/p_k))
// experts, each a `smaller` MLP (hidden widths max(1, floor(p_k N_l)), its own
// output layer). A gate, a linear layer on the input followed by a softmax,
// picks the top-1 expert of each example; the output is that expert's output
// scaled by its gate probability, y = g_e(x) f_e(x), so that the gate receives a
// gradient. (The published code does not scale, so even its "trainable" gate
// never learns; this follows the description.) Non-trainable: the gate's weights
// are buffers, drawn once from the seed and never trained; the output is scaled
// the same way. Gate init as PyTorch's nn.Linear: U(-1/sqrt(in), 1/sqrt(in)) for
// weight and bias. With E = 1 (p_k > 0.5) the gate is constant 1.
// No per-neuron masks: hasMasks() is false.
class MoeMlp : public NetworkImpl {
 public:
  MoeMlp(int64_t inputs, const std::vector<int64_t>& widths, int64_t outputs, double pk, bool trainableGate,
         const std::string& activation, const std::string& norm);
  torch::Tensor forward(const torch::Tensor& x, const ForwardContext& ctx) override;

  static int64_t expertCount(double pk);
  int64_t experts() const { return static_cast<int64_t>(m_experts.size()); }
  MlpBackbone expert(size_t e) const { return m_experts[e]; }
  const torch::Tensor& gateWeight() const { return m_gateWeight; }
  const torch::Tensor& gateBias() const { return m_gateBias; }
  // [batch, E] softmax gate probabilities.
  torch::Tensor gateProbabilities(const torch::Tensor& x) const;

 private:
  std::vector<MlpBackbone> m_experts;
  torch::Tensor m_gateWeight;  // [E, inputs]
  torch::Tensor m_gateBias;    // [E]
  int64_t m_outputs;
  bool m_batchNorm;
};

}  // namespace comet
