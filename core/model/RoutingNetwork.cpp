// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/RoutingNetwork.h"

#include <torch/torch.h>

#include <cmath>

#include "core/model/Cap.h"
#include "core/model/FastLinear.h"

namespace comet {

torch::Tensor fixedProjection(int64_t rows, int64_t fanIn) {
  const double bound = 1.0 / std::sqrt(static_cast<double>(fanIn));
  return torch::empty({rows, fanIn}).uniform_(-bound, bound);
}

RoutingNetworkImpl::RoutingNetworkImpl(int64_t inputs, std::vector<int64_t> widths, double pk) {
  int64_t fanIn = inputs;
  for (size_t l = 0; l < widths.size(); ++l) {
    m_projections.push_back(register_buffer("V" + std::to_string(l + 1), fixedProjection(widths[l], fanIn)));
    m_ks.push_back(capK(pk, widths[l]));
    fanIn = widths[l];
  }
}

std::vector<torch::Tensor> RoutingNetworkImpl::masks(const torch::Tensor& x0) const {
  torch::NoGradGuard noGrad;
  std::vector<torch::Tensor> out;
  out.reserve(m_projections.size());
  torch::Tensor c = fastLinear(x0, m_projections[0], {});
  for (size_t l = 0; l < m_projections.size(); ++l) {
    if (l > 0) c = fastLinear(c * out.back(), m_projections[l], {});
    out.push_back(cap(c, m_ks[l]));
  }
  return out;
}

}  // namespace comet
