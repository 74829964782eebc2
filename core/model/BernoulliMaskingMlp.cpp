// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/BernoulliMaskingMlp.h"

#include <torch/torch.h>

#include "core/model/ExampleMasks.h"

namespace comet {
namespace {
constexpr uint64_t kSalt = 0xbe7a0001;
}

BernoulliMaskingMlp::BernoulliMaskingMlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs, double pk,
                                         const std::string& activation, const std::string& norm)
    : m_pk(pk) {
  m_backbone = register_module("backbone", MlpBackbone(inputs, std::move(widths), outputs, activation, norm));
  m_seed = drawMaskSeed();  // after the backbone: same backbone weights as `standard`
  register_buffer("mask_seed", torch::tensor({static_cast<int64_t>(m_seed)}, torch::kLong));
}

torch::Tensor BernoulliMaskingMlp::forward(const torch::Tensor& x, const ForwardContext& ctx) {
  if (!is_training() || !ctx.exampleIndex.defined()) return m_backbone->forward(x);
  const auto& widths = m_backbone->widths();
  return m_backbone->forward(
      x,
      [&](size_t l, const torch::Tensor&, const torch::Tensor&) {
        return exampleMasks(m_seed, kSalt, l, ctx.exampleIndex, widths[l], m_pk).div_(m_pk);
      },
      ctx.masks);
}

}  // namespace comet
