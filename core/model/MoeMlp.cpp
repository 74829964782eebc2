// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/MoeMlp.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

#include "core/model/FastLinear.h"
#include "core/model/SmallerMlp.h"

namespace comet {

int64_t MoeMlp::expertCount(double pk) {
  return std::max<int64_t>(1, static_cast<int64_t>(std::floor(1.0 / pk + 1e-9)));
}

MoeMlp::MoeMlp(int64_t inputs, const std::vector<int64_t>& widths, int64_t outputs, double pk, bool trainableGate,
               const std::string& activation, const std::string& norm)
    : m_outputs(outputs), m_batchNorm(norm == "batch") {
  const int64_t n = expertCount(pk);
  const auto small = smallerWidths(widths, pk);
  for (int64_t e = 0; e < n; ++e)
    m_experts.push_back(register_module("expert" + std::to_string(e + 1),
                                        MlpBackbone(inputs, small, outputs, activation, norm)));
  const double bound = 1.0 / std::sqrt(static_cast<double>(inputs));
  auto w = torch::empty({n, inputs}).uniform_(-bound, bound);
  auto b = torch::empty({n}).uniform_(-bound, bound);
  if (trainableGate) {
    m_gateWeight = register_parameter("gate_weight", w);
    m_gateBias = register_parameter("gate_bias", b);
  } else {
    m_gateWeight = register_buffer("gate_weight", w);
    m_gateBias = register_buffer("gate_bias", b);
  }
}

torch::Tensor MoeMlp::gateProbabilities(const torch::Tensor& x) const {
  return torch::softmax(fastLinear(x, m_gateWeight, m_gateBias), 1);
}

torch::Tensor MoeMlp::forward(const torch::Tensor& x, const ForwardContext&) {
  const auto probs = gateProbabilities(x);
  const auto choice = probs.detach().argmax(1);                   // [batch]
  const auto gate = probs.gather(1, choice.unsqueeze(1));         // [batch, 1], differentiable
  auto out = torch::zeros({x.size(0), m_outputs}, x.options().requires_grad(false));
  for (size_t e = 0; e < m_experts.size(); ++e) {
    const auto rows = (choice == static_cast<int64_t>(e)).nonzero().squeeze(1);
    if (rows.numel() == 0) continue;
    torch::Tensor y;
    if (m_batchNorm && is_training() && rows.numel() < 2)
      y = m_experts[e]->forward(x).index_select(0, rows);  // batch norm needs two rows
    else
      y = m_experts[e]->forward(x.index_select(0, rows));
    out = out.index_copy(0, rows, y * gate.index_select(0, rows));
  }
  return out;
}

}  // namespace comet
