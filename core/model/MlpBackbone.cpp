// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/MlpBackbone.h"

#include <torch/torch.h>

#include "core/model/Activation.h"
#include "core/model/FastLinear.h"

namespace comet {

MlpBackboneImpl::MlpBackboneImpl(int64_t inputs, std::vector<int64_t> widths, int64_t outputs,
                                 std::string activation, std::string norm)
    : m_widths(std::move(widths)), m_activation(std::move(activation)) {
  int64_t in = inputs;
  for (size_t l = 0; l < m_widths.size(); ++l) {
    m_layers.push_back(register_module("fc" + std::to_string(l + 1), torch::nn::Linear(in, m_widths[l])));
    if (norm == "batch") {
      m_norms.emplace_back(register_module("norm" + std::to_string(l + 1),
                                           torch::nn::BatchNorm1d(m_widths[l])));
    } else if (norm == "layer") {
      m_norms.emplace_back(register_module(
          "norm" + std::to_string(l + 1),
          torch::nn::LayerNorm(torch::nn::LayerNormOptions({m_widths[l]}))));
    } else {
      TORCH_CHECK(norm == "none", "unknown norm '", norm, "'");
    }
    in = m_widths[l];
  }
  m_output = register_module("out", torch::nn::Linear(in, outputs));
  activate(torch::zeros({1, 1}));  // rejects an unknown activation at construction
}

torch::Tensor MlpBackboneImpl::activate(const torch::Tensor& a) const { return activation(m_activation, a); }

torch::Tensor MlpBackboneImpl::forward(const torch::Tensor& input, const MaskFn& mask,
                                       std::vector<torch::Tensor>* recordMasks) {
  torch::Tensor x = input;
  for (size_t l = 0; l < m_layers.size(); ++l) {
    const torch::Tensor a = fastLinear(x, m_layers[l]->weight, m_layers[l]->bias);
    torch::Tensor h = activate(a);
    if (mask) {
      const torch::Tensor m = mask(l, a, x);
      if (m.defined()) {
        h = h * m;
        if (recordMasks) recordMasks->push_back(m.detach() > 0);
      }
    }
    x = m_norms.empty() ? h : m_norms[l].forward(h);
  }
  return fastLinear(x, m_output->weight, m_output->bias);
}

}  // namespace comet
