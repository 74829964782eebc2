// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

#include <string>
#include <vector>

namespace comet {

// The MLP of a transformer block (or a Mixer's token- or channel-mixing MLP), on
// the last dimension of its input: dim -> hidden -> dim, with the activation on
// the hidden (expanded) layer and that layer masked per row (per token) by the
// method, as COMET places it in a transformer (METHOD.md, "Transformers"):
//   standard  no mask
//   comet     m = C_k(V x), V a fixed random projection [hidden, dim] (a buffer:
//             seeded, never trained, no gradient), k = max(1, floor(p_k hidden))
//   topk      m = C_k(a), a the hidden pre-activation (detached)
//   dropout   Bernoulli(p_k) / p_k while training
//   smaller   a dense hidden layer of k neurons
// The routing costs one GEMM per block (rows x dim x hidden), without gradient.
class BlockMlpImpl : public torch::nn::Module {
 public:
  BlockMlpImpl(int64_t dim, int64_t hidden, std::string method, double pk, std::string activation);
  // x: [..., dim]. When `masks` is given, appends the hidden layer's binary mask as
  // [rows, hidden] (rows: every leading index flattened; methods with masks only).
  torch::Tensor forward(const torch::Tensor& x, std::vector<torch::Tensor>* masks = nullptr);
  bool hasMasks() const { return m_method == "comet" || m_method == "topk"; }
  // comet: draws V from torch's generator. A backbone calls it for every block
  // after all its parameters are drawn, so that at p_k = 1 a COMET model has the
  // standard model's weights for the same seed (and equals it).
  void drawRouting();
  int64_t hidden() const { return m_hidden; }
  int64_t k() const { return m_k; }
  torch::nn::Linear fc1() const { return m_fc1; }
  torch::nn::Linear fc2() const { return m_fc2; }

 private:
  std::string m_method;
  std::string m_activation;
  double m_keep;
  int64_t m_hidden;
  int64_t m_k;
  torch::nn::Linear m_fc1{nullptr};
  torch::nn::Linear m_fc2{nullptr};
  torch::Tensor m_routing;  // comet: V [hidden, dim]
};
TORCH_MODULE(BlockMlp);

// Dropout with probability p on a block's branch output (model.residual_dropout)
// while training; x itself otherwise.
torch::Tensor branchDropout(const torch::Tensor& x, double p, bool training);

}  // namespace comet
