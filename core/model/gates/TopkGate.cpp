// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/gates/TopkGate.h"

#include <torch/torch.h>

#include <cmath>
#include <limits>

#include "core/model/FastLinear.h"

namespace comet {

TopkGate::TopkGate(int64_t inputs, int64_t experts, int64_t k, bool noise) : m_k(k), m_noise(noise) {
  const double bound = 1.0 / std::sqrt(static_cast<double>(inputs));
  m_weight = register_parameter("weight", torch::empty({experts, inputs}).uniform_(-bound, bound));
  m_bias = register_parameter("bias", torch::empty({experts}).uniform_(-bound, bound));
  if (m_noise) m_noiseWeight = register_parameter("noise_weight", torch::zeros({experts, inputs}));
}

torch::Tensor TopkGate::forward(const torch::Tensor& x, const GateContext&) {
  auto logits = fastLinear(x, m_weight, m_bias);
  if (m_noise && is_training())
    logits = logits + torch::randn_like(logits) * torch::softplus(fastLinear(x, m_noiseWeight, {}));
  const auto top = logits.topk(m_k, 1);
  // -inf outside the top k: softmax gives those exactly 0 and no gradient.
  const auto masked = torch::full_like(logits, -std::numeric_limits<double>::infinity())
                          .scatter(1, std::get<1>(top), std::get<0>(top));
  return torch::softmax(masked, 1);
}

}  // namespace comet
