// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/StandardMlp.h"

namespace comet {

StandardMlp::StandardMlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs,
                         const std::string& activation, const std::string& norm) {
  m_backbone = register_module("backbone", MlpBackbone(inputs, std::move(widths), outputs, activation, norm));
}

torch::Tensor StandardMlp::forward(const torch::Tensor& x, const ForwardContext&) {
  return m_backbone->forward(x);
}

}  // namespace comet
