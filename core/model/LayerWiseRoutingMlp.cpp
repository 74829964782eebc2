// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/LayerWiseRoutingMlp.h"

#include <torch/torch.h>

#include <cmath>

#include "core/model/Cap.h"
#include "core/model/FastLinear.h"
#include "core/model/RoutingNetwork.h"

namespace comet {

LayerWiseRoutingMlp::LayerWiseRoutingMlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs, double pk,
                                         const std::string& activation, const std::string& norm) {
  m_backbone = register_module("backbone", MlpBackbone(inputs, widths, outputs, activation, norm));
  int64_t fanIn = inputs;
  for (size_t l = 0; l < widths.size(); ++l) {
    m_projections.push_back(register_buffer("V" + std::to_string(l + 1), fixedProjection(widths[l], fanIn)));
    m_ks.push_back(capK(pk, widths[l]));
    fanIn = widths[l];
  }
}

torch::Tensor LayerWiseRoutingMlp::forward(const torch::Tensor& x, const ForwardContext& ctx) {
  return m_backbone->forward(
      x,
      [this](size_t l, const torch::Tensor&, const torch::Tensor& in) {
        torch::NoGradGuard noGrad;
        return cap(fastLinear(in.detach(), m_projections[l], {}), m_ks[l]);
      },
      ctx.masks);
}

}  // namespace comet
