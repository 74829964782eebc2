// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/gates/Gate.h"

namespace comet {

// Top-k gating (Shazeer et al. 2017): logits h = W x + b, in training mode with
// noise optionally added, h + N(0,1) * softplus(W_noise x); the k largest logits
// of each example are kept and softmaxed, the other n - k weights are exactly 0.
// W and b as nn.Linear; W_noise starts at zero as in Shazeer et al., so the noise
// starts with standard deviation softplus(0) = 0.69 and W_noise learns through the
// kept logits. In eval mode there is never noise.
class TopkGate : public GateImpl {
 public:
  TopkGate(int64_t inputs, int64_t experts, int64_t k, bool noise);
  torch::Tensor forward(const torch::Tensor& x, const GateContext& ctx) override;

 private:
  int64_t m_k;
  bool m_noise;
  torch::Tensor m_weight;       // [n, inputs]
  torch::Tensor m_bias;         // [n]
  torch::Tensor m_noiseWeight;  // [n, inputs], only when noise
};

}  // namespace comet
