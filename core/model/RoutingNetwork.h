// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/nn/module.h>

#include <vector>

namespace comet {

// COMET's fixed routing network: random projections V_l, created once from the
// seed and never trained (they are buffers, not parameters; no bias, no
// nonlinearity, no gradient).
//   c_1 = V_1 x0,  m_l = C_k(c_l),  c_l = V_l (c_{l-1} * m_{l-1}) for l >= 2.
// V_l ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as PyTorch's default nn.Linear init
// in the published code.
// A fixed random projection [rows, fanIn] drawn U(-1/sqrt(fanIn), 1/sqrt(fanIn)) from
// torch's generator (PyTorch's default nn.Linear init), for routing that never trains.
torch::Tensor fixedProjection(int64_t rows, int64_t fanIn);

class RoutingNetworkImpl : public torch::nn::Module {
 public:
  RoutingNetworkImpl(int64_t inputs, std::vector<int64_t> widths, double pk);

  // The binary masks m_1..m_{L-1} for a batch of flattened inputs x0.
  std::vector<torch::Tensor> masks(const torch::Tensor& x0) const;

  const std::vector<int64_t>& ks() const { return m_ks; }

 private:
  std::vector<torch::Tensor> m_projections;  // V_l, [N_l, fan_in]
  std::vector<int64_t> m_ks;
};
TORCH_MODULE(RoutingNetwork);

}  // namespace comet
