// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/ExampleTiedDropoutMlp.h"

#include <torch/torch.h>

#include "core/model/Cap.h"
#include "core/model/ExampleMasks.h"

namespace comet {
namespace {
constexpr uint64_t kSalt = 0xe7d00002;
}

ExampleTiedDropoutMlp::ExampleTiedDropoutMlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs,
                                             double pk, double memorizationRate, const std::string& activation,
                                             const std::string& norm)
    : m_rate(memorizationRate) {
  for (auto w : widths) m_general.push_back(capK(pk, w));
  m_backbone = register_module("backbone", MlpBackbone(inputs, std::move(widths), outputs, activation, norm));
  m_seed = drawMaskSeed();  // after the backbone: same backbone weights as `standard`
  register_buffer("mask_seed", torch::tensor({static_cast<int64_t>(m_seed)}, torch::kLong));
}

torch::Tensor ExampleTiedDropoutMlp::forward(const torch::Tensor& x, const ForwardContext& ctx) {
  const auto& widths = m_backbone->widths();
  const bool tied = is_training() && ctx.exampleIndex.defined();
  return m_backbone->forward(
      x,
      [&](size_t l, const torch::Tensor& a, const torch::Tensor&) {
        if (tied) return exampleMasks(m_seed, kSalt, l, ctx.exampleIndex, widths[l], m_rate, m_general[l]);
        auto m = torch::zeros({a.size(0), widths[l]}, a.options().requires_grad(false));
        m.narrow(1, 0, m_general[l]).fill_(1.0);
        return m;
      },
      ctx.masks);
}

}  // namespace comet
