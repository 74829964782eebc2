// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/transformer/TransformerBlock.h"

#include <torch/torch.h>

namespace comet {

TransformerBlock::TransformerBlock(torch::nn::Module& owner, int64_t block, const ModelConfig& m, bool causal) {
  const int64_t dim = m.embedDim;
  const std::string n = std::to_string(block);
  norm1 = owner.register_module("norm1_" + n, torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
  attention = owner.register_module("attention" + n, Attention(dim, m.heads, causal));
  norm2 = owner.register_module("norm2_" + n, torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
  mlp = owner.register_module("mlp" + n, BlockMlp(dim, blockMlpWidths(m).front().width, m.method, m.pk, m.activation));
}

torch::Tensor TransformerBlock::forward(const torch::Tensor& x, std::vector<torch::Tensor>* masks, double dropout,
                                        bool training) {
  const auto h = x + branchDropout(attention->forward(norm1->forward(x)), dropout, training);
  return h + branchDropout(mlp->forward(norm2->forward(h), masks), dropout, training);
}

TransformerTrunk::TransformerTrunk(torch::nn::Module& owner, const ModelConfig& m, int64_t tokens, int64_t outputs,
                                   bool causal) {
  const int64_t dim = m.embedDim;
  position = owner.register_parameter("position", torch::randn({1, tokens, dim}) * 0.02);
  for (int64_t b = 0; b < m.depth; ++b) blocks.emplace_back(owner, b + 1, m, causal);
  norm = owner.register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
  head = owner.register_module("head", torch::nn::Linear(dim, outputs));
  for (auto& block : blocks) block.mlp->drawRouting();
}

torch::Tensor TransformerTrunk::forward(const torch::Tensor& embedded, std::vector<torch::Tensor>* masks,
                                        double dropout, bool training) {
  auto h = embedded + position.narrow(1, 0, embedded.size(1));
  for (auto& block : blocks) h = block.forward(h, masks, dropout, training);
  return h;
}

}  // namespace comet
