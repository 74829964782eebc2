// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/transformer/Attention.h"

#include <torch/torch.h>

#include <cmath>
#include <limits>

#include "core/model/FastLinear.h"
#include "core/util/Error.h"

namespace comet {

AttentionImpl::AttentionImpl(int64_t dim, int64_t heads, bool causal) : m_heads(heads), m_causal(causal) {
  if (heads < 1 || dim % heads != 0)
    throw ConfigError("model.heads: " + std::to_string(heads) + " heads do not divide model.embed_dim " +
                      std::to_string(dim) + "; choose a divisor of it");
  m_qkv = register_module("qkv", torch::nn::Linear(dim, 3 * dim));
  m_proj = register_module("proj", torch::nn::Linear(dim, dim));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x) {
  const int64_t batch = x.size(0), tokens = x.size(1), dim = x.size(2);
  const int64_t head = dim / m_heads;
  const auto qkv = fastLinear(x.reshape({batch * tokens, dim}).contiguous(), m_qkv->weight, m_qkv->bias)
                       .view({batch, tokens, 3, m_heads, head})
                       .permute({2, 0, 3, 1, 4});  // [3, batch, heads, tokens, head]
  const auto q = qkv[0], k = qkv[1], v = qkv[2];
  auto scores = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(static_cast<double>(head));
  if (m_causal) {
    const auto future = torch::ones({tokens, tokens}, torch::kBool).triu(1);
    scores = scores.masked_fill(future, -std::numeric_limits<float>::infinity());
  }
  const auto mixed = torch::matmul(torch::softmax(scores, -1), v)  // [batch, heads, tokens, head]
                         .transpose(1, 2)
                         .reshape({batch * tokens, dim});
  return fastLinear(mixed.contiguous(), m_proj->weight, m_proj->bias).view({batch, tokens, dim});
}

}  // namespace comet
