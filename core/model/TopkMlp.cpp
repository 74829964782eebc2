// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/TopkMlp.h"

#include <torch/torch.h>

#include "core/model/Cap.h"

namespace comet {

TopkMlp::TopkMlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs, double pk,
                 const std::string& activation, const std::string& norm) {
  for (auto w : widths) m_ks.push_back(capK(pk, w));
  m_backbone = register_module("backbone", MlpBackbone(inputs, std::move(widths), outputs, activation, norm));
}

torch::Tensor TopkMlp::forward(const torch::Tensor& x, const ForwardContext& ctx) {
  return m_backbone->forward(
      x, [this](size_t l, const torch::Tensor& a, const torch::Tensor&) { return cap(a.detach(), m_ks[l]); },
      ctx.masks);
}

}  // namespace comet
