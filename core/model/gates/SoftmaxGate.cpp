// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/gates/SoftmaxGate.h"

#include <torch/torch.h>

#include <cmath>

#include "core/model/FastLinear.h"

namespace comet {

SoftmaxGate::SoftmaxGate(int64_t inputs, int64_t experts) {
  const double bound = 1.0 / std::sqrt(static_cast<double>(inputs));
  m_weight = register_parameter("weight", torch::empty({experts, inputs}).uniform_(-bound, bound));
  m_bias = register_parameter("bias", torch::empty({experts}).uniform_(-bound, bound));
}

torch::Tensor SoftmaxGate::forward(const torch::Tensor& x, const GateContext&) {
  return torch::softmax(fastLinear(x, m_weight, m_bias), 1);
}

}  // namespace comet
