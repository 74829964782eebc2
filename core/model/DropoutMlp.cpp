// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/DropoutMlp.h"

#include <torch/torch.h>

namespace comet {

DropoutMlp::DropoutMlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs, double pk,
                       const std::string& activation, const std::string& norm)
    : m_keep(pk) {
  m_backbone = register_module("backbone", MlpBackbone(inputs, std::move(widths), outputs, activation, norm));
}

torch::Tensor DropoutMlp::forward(const torch::Tensor& x, const ForwardContext&) {
  if (!is_training() || m_keep >= 1.0) return m_backbone->forward(x);
  const double keep = m_keep;
  return m_backbone->forward(x, [keep](size_t, const torch::Tensor& a, const torch::Tensor&) {
    return torch::bernoulli(torch::full_like(a, keep)).div_(keep);
  });
}

}  // namespace comet
