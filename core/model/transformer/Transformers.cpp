// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/transformer/Transformers.h"

#include <torch/torch.h>

#include "core/model/FastLinear.h"
#include "core/model/transformer/BlockMlp.h"
#include "core/model/transformer/Gpt.h"
#include "core/model/transformer/TransformerBlock.h"
#include "core/util/Error.h"

namespace comet {
namespace {

// {channels, height, width} and the patch size, checked.
struct PatchGrid {
  int64_t channels = 1, height = 0, width = 0, patch = 1;
  int64_t tokens() const { return (height / patch) * (width / patch); }
  int64_t patchFeatures() const { return channels * patch * patch; }
};

PatchGrid patchGrid(const std::vector<int64_t>& shape, int64_t patch, const std::string& backbone) {
  if (shape.size() != 3)
    throw ConfigError("model.backbone: " + backbone + " needs images (a dataset of channels x height x width); "
                      "this data has " + std::to_string(shape.size()) + "-d examples");
  PatchGrid g{shape[0], shape[1], shape[2], patch};
  if (patch < 1 || g.height % patch != 0 || g.width % patch != 0)
    throw ConfigError("model.patch_size: " + std::to_string(patch) + " does not divide the " +
                      std::to_string(g.height) + "x" + std::to_string(g.width) +
                      " images; choose a divisor of both (e.g. 4, 7 or 14 for 28x28)");
  return g;
}

// [batch, C*H*W] images -> [batch, tokens, embed_dim]: the patches, linearly embedded.
torch::Tensor embedPatches(const torch::Tensor& x, const PatchGrid& grid, const torch::nn::Linear& embed) {
  const auto patches = patchify(x, {grid.channels, grid.height, grid.width}, grid.patch);
  const int64_t batch = x.size(0), tokens = patches.size(1);
  return fastLinear(patches.reshape({batch * tokens, -1}).contiguous(), embed->weight, embed->bias)
      .view({batch, tokens, -1});
}

torch::Tensor meanPoolHead(const torch::Tensor& h, torch::nn::LayerNorm& norm, const torch::nn::Linear& head) {
  const auto pooled = norm->forward(h).mean(1).contiguous();
  return fastLinear(pooled, head->weight, head->bias);
}

class VitNet : public NetworkImpl {
 public:
  VitNet(const ModelConfig& m, const PatchGrid& grid, int64_t outputs)
      : m_grid(grid),
        m_dropout(m.residualDropout),
        m_embed(register_module("embed", torch::nn::Linear(grid.patchFeatures(), m.embedDim))),
        m_trunk(*this, m, grid.tokens(), outputs, /*causal=*/false) {}

  // Each block MLP's mask per token (comet, topk), for the probes.
  bool hasMasks() const override { return m_trunk.hasMasks(); }

  torch::Tensor forward(const torch::Tensor& x, const ForwardContext& ctx) override {
    const auto h = m_trunk.forward(embedPatches(x, m_grid, m_embed), ctx.masks, m_dropout, is_training());
    return meanPoolHead(h, m_trunk.norm, m_trunk.head);
  }

 private:
  PatchGrid m_grid;
  double m_dropout;
  torch::nn::Linear m_embed;  // registered first, then the trunk
  TransformerTrunk m_trunk;
};

class MixerNet : public NetworkImpl {
 public:
  MixerNet(const ModelConfig& m, const PatchGrid& grid, int64_t outputs) : m_grid(grid), m_dropout(m.residualDropout) {
    const int64_t dim = m.embedDim, tokens = grid.tokens();
    const bool maskTokens = m.mixerMasked != "channel", maskChannels = m.mixerMasked != "token";
    m_embed = register_module("embed", torch::nn::Linear(grid.patchFeatures(), dim));
    for (int64_t b = 0; b < m.depth; ++b) {
      const std::string n = std::to_string(b + 1);
      m_norm1.push_back(register_module("norm1_" + n, torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}))));
      m_tokenMlp.push_back(register_module(
          "token_mlp" + n, BlockMlp(tokens, m.tokenMlpDim, maskTokens ? m.method : "standard", m.pk, m.activation)));
      m_norm2.push_back(register_module("norm2_" + n, torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}))));
      m_channelMlp.push_back(register_module(
          "channel_mlp" + n, BlockMlp(dim, m.channelMlpDim, maskChannels ? m.method : "standard", m.pk, m.activation)));
    }
    m_norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    m_head = register_module("head", torch::nn::Linear(dim, outputs));
    for (size_t b = 0; b < m_tokenMlp.size(); ++b) {
      m_tokenMlp[b]->drawRouting();
      m_channelMlp[b]->drawRouting();
    }
  }

  // The masked MLPs' masks: per channel (token MLPs) and per token (channel MLPs).
  bool hasMasks() const override { return m_tokenMlp.front()->hasMasks() || m_channelMlp.front()->hasMasks(); }

  torch::Tensor forward(const torch::Tensor& x, const ForwardContext& ctx) override {
    auto h = embedPatches(x, m_grid, m_embed);
    for (size_t b = 0; b < m_tokenMlp.size(); ++b) {
      // Token mixing: the MLP runs over the patches, once per channel.
      const auto mixed = m_tokenMlp[b]->forward(m_norm1[b]->forward(h).transpose(1, 2), ctx.masks).transpose(1, 2);
      h = h + branchDropout(mixed, m_dropout, is_training());
      h = h + branchDropout(m_channelMlp[b]->forward(m_norm2[b]->forward(h), ctx.masks), m_dropout, is_training());
    }
    return meanPoolHead(h, m_norm, m_head);
  }

 private:
  PatchGrid m_grid;
  double m_dropout;
  torch::nn::Linear m_embed{nullptr};
  std::vector<torch::nn::LayerNorm> m_norm1, m_norm2;
  std::vector<BlockMlp> m_tokenMlp, m_channelMlp;
  torch::nn::LayerNorm m_norm{nullptr};
  torch::nn::Linear m_head{nullptr};
};

}  // namespace

torch::Tensor patchify(const torch::Tensor& x, const std::vector<int64_t>& shape, int64_t p) {
  const int64_t batch = x.size(0), c = shape[0], h = shape[1], w = shape[2];
  return x.reshape({batch, c, h / p, p, w / p, p})
      .permute({0, 2, 4, 1, 3, 5})
      .reshape({batch, (h / p) * (w / p), c * p * p});
}

Network createTransformer(const ModelConfig& m, const std::vector<int64_t>& inputShape, int64_t outputs) {
  if (m.backbone == "gpt") return createGpt(m, inputShape, outputs);
  const PatchGrid grid = patchGrid(inputShape, m.patchSize, m.backbone);
  if (m.backbone == "vit") return std::make_shared<VitNet>(m, grid, outputs);
  if (m.backbone == "mixer") return std::make_shared<MixerNet>(m, grid, outputs);
  throw ConfigError("model.backbone: '" + m.backbone + "' is not a transformer (vit, mixer, gpt)");
}

}  // namespace comet
