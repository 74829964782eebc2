// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/CometMlp.h"

#include <algorithm>

namespace comet {

CometMlp::CometMlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs, double pk,
                   const std::string& activation, const std::string& norm) {
  m_backbone = register_module("backbone", MlpBackbone(inputs, widths, outputs, activation, norm));
  m_routing = register_module("routing", RoutingNetwork(inputs, widths, pk));
}

void CometMlp::prepare(const torch::Tensor& trainInputs) {
  constexpr int64_t kChunk = 1024;
  const int64_t n = trainInputs.size(0);
  m_cache = MaskCache(n, m_backbone->widths());
  for (int64_t first = 0; first < n; first += kChunk)
    m_cache.store(first, m_routing->masks(trainInputs.narrow(0, first, std::min(kChunk, n - first))));
}

torch::Tensor CometMlp::forward(const torch::Tensor& x, const ForwardContext& ctx) {
  const bool cached = ctx.exampleIndex.defined() && !m_cache.empty();
  const std::vector<torch::Tensor> masks = cached ? m_cache.lookup(ctx.exampleIndex) : m_routing->masks(x);
  return m_backbone->forward(
      x, [&](size_t l, const torch::Tensor&, const torch::Tensor&) { return masks[l]; }, ctx.masks);
}

}  // namespace comet
