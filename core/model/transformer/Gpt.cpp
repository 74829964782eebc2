// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/transformer/Gpt.h"

#include <torch/torch.h>

#include "core/model/FastLinear.h"
#include "core/model/transformer/TransformerBlock.h"
#include "core/util/Error.h"

namespace comet {
namespace {

class GptNet : public NetworkImpl {
 public:
  GptNet(const ModelConfig& m, int64_t context, int64_t vocabulary)
      : m_context(context),
        m_dropout(m.residualDropout),
        m_embed(register_module("embed", torch::nn::Embedding(vocabulary, m.embedDim))),
        m_trunk(*this, m, context, vocabulary, /*causal=*/true) {}

  bool hasMasks() const override { return m_trunk.hasMasks(); }

  torch::Tensor forward(const torch::Tensor& x, const ForwardContext& ctx) override {
    const int64_t batch = x.size(0), tokens = x.size(1);
    TORCH_CHECK(tokens >= 1 && tokens <= m_context, "gpt: ", tokens, " characters, more than model.context_length ",
                m_context);
    const auto h = m_trunk.forward(m_embed->forward(x.to(torch::kLong)), ctx.masks, m_dropout, is_training());
    const auto rows = m_trunk.norm->forward(h).reshape({batch * tokens, -1}).contiguous();
    return fastLinear(rows, m_trunk.head->weight, m_trunk.head->bias).view({batch, tokens, -1});
  }

 private:
  int64_t m_context;
  double m_dropout;
  torch::nn::Embedding m_embed;  // registered first, then the trunk
  TransformerTrunk m_trunk;
};

}  // namespace

Network createGpt(const ModelConfig& m, const std::vector<int64_t>& inputShape, int64_t outputs) {
  if (inputShape.size() != 1)
    throw ConfigError("model.backbone: gpt needs text data (data.dataset: text), windows of characters; this data has " +
                      std::to_string(inputShape.size()) + "-d examples");
  if (inputShape[0] > m.contextLength)
    throw ConfigError("model.context_length: " + std::to_string(m.contextLength) + " is shorter than the data's windows (" +
                      std::to_string(inputShape[0]) + " characters)");
  return std::make_shared<GptNet>(m, m.contextLength, outputs);
}

}  // namespace comet
