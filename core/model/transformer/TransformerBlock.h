// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/model/transformer/Attention.h"
#include "core/model/transformer/BlockMlp.h"

namespace comet {

// One pre-norm transformer block, shared by the ViT and GPT:
//   x + Attention(LN(x)), then x + BlockMlp(LN(x)), each branch through
//   model.residual_dropout while training.
// Its modules are registered on the owning network as norm1_B, attentionB,
// norm2_B and mlpB (B 1-based), the names of their checkpoints, in that order
// (which fixes the order of the random draws for a seed).
struct TransformerBlock {
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
  Attention attention{nullptr};
  BlockMlp mlp{nullptr};

  TransformerBlock(torch::nn::Module& owner, int64_t block, const ModelConfig& m, bool causal);
  // x: [batch, tokens, embed_dim]; `masks` as BlockMlp::forward.
  torch::Tensor forward(const torch::Tensor& x, std::vector<torch::Tensor>* masks, double dropout, bool training);
};

// What the ViT and GPT share after their embedding: learned positions, model.depth
// blocks, a final LayerNorm and a linear head, registered on the owner as
// position, the blocks, norm and head, in that order, after which each block's
// routing is drawn (the checkpoint names and random draws of both networks).
struct TransformerTrunk {
  torch::Tensor position;  // [1, tokens, embed_dim]
  std::vector<TransformerBlock> blocks;
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::Linear head{nullptr};

  TransformerTrunk(torch::nn::Module& owner, const ModelConfig& m, int64_t tokens, int64_t outputs, bool causal);
  bool hasMasks() const { return blocks.front().mlp->hasMasks(); }
  // The embedded tokens [batch, tokens, embed_dim] (up to `tokens` of them) plus
  // their positions, through the blocks; the final norm and head are the caller's.
  torch::Tensor forward(const torch::Tensor& embedded, std::vector<torch::Tensor>* masks, double dropout,
                        bool training);
};

}  // namespace comet
