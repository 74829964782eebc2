// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>

#include <functional>
#include <string>
#include <vector>

namespace comet {

// The paper's MLP backbone: input -> N_1 -> ... -> N_{L-1} -> outputs, trainable.
// Hidden layer l computes a_l = W_l x_{l-1} + b_l, h_l = f(a_l), x_l = h_l * m_l
// (m_l from the method, or no mask), then the optional norm. The output layer is
// never masked. Methods differ only in where m_l comes from.
class MlpBackboneImpl : public torch::nn::Module {
 public:
  // Returns the mask of hidden layer `layer` ([batch, N_l], 0/1) given its
  // pre-activation `a` and its input `in`, or an undefined tensor for no mask.
  using MaskFn = std::function<torch::Tensor(size_t layer, const torch::Tensor& a, const torch::Tensor& in)>;

  MlpBackboneImpl(int64_t inputs, std::vector<int64_t> widths, int64_t outputs,
                  std::string activation, std::string norm);

  torch::Tensor forward(const torch::Tensor& x, const MaskFn& mask = {},
                        std::vector<torch::Tensor>* recordMasks = nullptr);

  const std::vector<int64_t>& widths() const { return m_widths; }
  torch::nn::Linear layer(size_t l) const { return m_layers[l]; }
  torch::nn::Linear outputLayer() const { return m_output; }
  torch::Tensor activate(const torch::Tensor& a) const;

 private:
  std::vector<int64_t> m_widths;
  std::string m_activation;
  std::vector<torch::nn::Linear> m_layers;
  std::vector<torch::nn::AnyModule> m_norms;  // empty when norm is "none"
  torch::nn::Linear m_output{nullptr};
};
TORCH_MODULE(MlpBackbone);

}  // namespace comet
