// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/model/Network.h"

namespace comet {

// backbone gpt: a character-level, decoder-only transformer (docs/transformers.md).
//   characters -> embedding + learned positions -> depth pre-norm blocks (causal
//   multi-head self-attention, then the block MLP embed_dim -> mlp_ratio *
//   embed_dim -> embed_dim, masked per token by model.method) -> LayerNorm ->
//   linear head over the vocabulary at every position
// Input [batch, t] character ids (as floats, t <= model.context_length); output
// [batch, t, vocabulary] logits, position s predicting character s + 1 from
// characters <= s only. `inputShape` is {context_length} (text data); `outputs`
// the vocabulary size. Draws every parameter before any routing projection (p_k
// = 1 COMET equals standard).
Network createGpt(const ModelConfig& model, const std::vector<int64_t>& inputShape, int64_t outputs);

}  // namespace comet
