// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/model/Network.h"

namespace comet {

// The transformer backbones (docs/transformers.md), each a Network; gpt, the
// language model, is in Gpt.h and created here too. On images:
//   vit    patches -> linear embedding + learned positions -> depth pre-norm blocks
//          (multi-head self-attention, then the block MLP embed_dim -> mlp_ratio *
//          embed_dim -> embed_dim) -> LayerNorm -> mean over tokens -> linear head
//   mixer  patches -> linear embedding -> depth blocks (token-mixing MLP over the
//          patches: tokens -> token_mlp_dim -> tokens; channel-mixing MLP:
//          embed_dim -> channel_mlp_dim -> embed_dim; pre-norm, residual) ->
//          LayerNorm -> mean over tokens -> linear head
// Each block's MLP hidden layer is masked per token by model.method (BlockMlp);
// in the Mixer model.mixer_masked picks which of its two MLPs (token, channel,
// both). `inputShape` is {channels, height, width}; model.patch_size must divide
// height and width (ConfigError otherwise). Draws every parameter from torch's
// generator before any routing projection (p_k = 1 COMET equals standard).
Network createTransformer(const ModelConfig& model, const std::vector<int64_t>& inputShape, int64_t outputs);

// [batch, C*H*W] -> [batch, (H/p)(W/p), C*p*p], patches in row-major order.
torch::Tensor patchify(const torch::Tensor& x, const std::vector<int64_t>& inputShape, int64_t patch);

}  // namespace comet
