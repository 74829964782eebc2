// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/gates/Gate.h"

namespace comet {

// The dense baseline: g(x) = softmax(W x + b) over the n experts; every expert gets
// a non-zero weight. W and b as PyTorch's nn.Linear: U(-1/sqrt(in), 1/sqrt(in)).
class SoftmaxGate : public GateImpl {
 public:
  SoftmaxGate(int64_t inputs, int64_t experts);
  torch::Tensor forward(const torch::Tensor& x, const GateContext& ctx) override;

 private:
  torch::Tensor m_weight;  // [n, inputs]
  torch::Tensor m_bias;    // [n]
};

}  // namespace comet
