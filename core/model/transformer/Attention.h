// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

namespace comet {

// Multi-head self-attention on [batch, tokens, dim]: q, k, v from one projection,
// softmax(q k^T / sqrt(d_head)) v per head, the heads joined and projected. With
// `causal`, token t attends to tokens <= t only (GPT). LibTorch 1.13 has no fused
// attention: the projections go through fastLinear (oneDNN's GEMM), the two
// per-head products through torch::matmul. Dense: COMET never masks attention.
class AttentionImpl : public torch::nn::Module {
 public:
  AttentionImpl(int64_t dim, int64_t heads, bool causal);
  torch::Tensor forward(const torch::Tensor& x);
  int64_t heads() const { return m_heads; }
  torch::nn::Linear qkv() const { return m_qkv; }
  torch::nn::Linear proj() const { return m_proj; }

 private:
  int64_t m_heads;
  bool m_causal;
  torch::nn::Linear m_qkv{nullptr};
  torch::nn::Linear m_proj{nullptr};
};
TORCH_MODULE(Attention);

}  // namespace comet
