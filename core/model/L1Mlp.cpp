// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/L1Mlp.h"

#include <torch/torch.h>

namespace comet {

L1Mlp::L1Mlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs, double lambda,
             const std::string& activation, const std::string& norm)
    : StandardMlp(inputs, std::move(widths), outputs, activation, norm), m_lambda(lambda) {}

torch::Tensor L1Mlp::penalty() {
  if (m_lambda == 0.0) return {};
  const MlpBackbone b = backbone();
  torch::Tensor sum = b->outputLayer()->weight.abs().sum();
  for (size_t l = 0; l < b->widths().size(); ++l) sum = sum + b->layer(l)->weight.abs().sum();
  return m_lambda * sum;
}

}  // namespace comet
