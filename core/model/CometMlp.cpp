// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/CometMlp.h"

namespace comet {

CometMlp::CometMlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs, double pk,
                   const std::string& activation, const std::string& norm) {
  m_backbone = register_module("backbone", MlpBackbone(inputs, widths, outputs, activation, norm));
  m_routing = register_module("routing", RoutingNetwork(inputs, widths, pk));
}

torch::Tensor CometMlp::forward(const torch::Tensor& x, const ForwardContext& ctx) {
  const std::vector<torch::Tensor> masks = m_routing->masks(x);
  return m_backbone->forward(
      x, [&](size_t l, const torch::Tensor&, const torch::Tensor&) { return masks[l]; }, ctx.masks);
}

}  // namespace comet
