// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/MethodRegistry.h"

#include <torch/torch.h>

#include <functional>

#include "core/model/BernoulliMaskingMlp.h"
#include "core/model/CometMlp.h"
#include "core/model/DropoutMlp.h"
#include "core/model/ExampleTiedDropoutMlp.h"
#include "core/model/L1Mlp.h"
#include "core/model/LayerWiseRoutingMlp.h"
#include "core/model/MoeMlp.h"
#include "core/model/SmallerMlp.h"
#include "core/model/StandardMlp.h"
#include "core/model/TopkMlp.h"
#include "core/util/Error.h"

namespace comet {
namespace {

struct Method {
  std::string name;
  std::string description;
  std::function<Network(const ModelConfig&, int64_t, int64_t)> create;
};

const std::vector<Method>& methods() {
  static const std::vector<Method> table = {
      {"standard", "dense MLP, same widths",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<StandardMlp>(in, hiddenWidths(m), out, m.activation, m.norm);
       }},
      {"smaller", "dense MLP with hidden widths floor(p_k N)",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<SmallerMlp>(in, hiddenWidths(m), out, m.pk, m.activation, m.norm);
       }},
      {"dropout", "dense MLP with dropout rate 1 - p_k on hidden layers (training only)",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<DropoutMlp>(in, hiddenWidths(m), out, m.pk, m.activation, m.norm);
       }},
      {"l1", "dense MLP plus an L1 penalty model.l1_lambda * sum |W| on the weights",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<L1Mlp>(in, hiddenWidths(m), out, m.l1Lambda, m.activation, m.norm);
       }},
      {"topk", "k-winners-take-all on the backbone's own pre-activations (trainable routing)",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<TopkMlp>(in, hiddenWidths(m), out, m.pk, m.activation, m.norm);
       }},
      {"moe_trainable", "floor(1/p_k) smaller-MLP experts, trainable softmax gate, top-1",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<MoeMlp>(in, hiddenWidths(m), out, m.pk, true, m.activation, m.norm);
       }},
      {"moe_non_trainable", "floor(1/p_k) smaller-MLP experts, fixed random softmax gate, top-1",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<MoeMlp>(in, hiddenWidths(m), out, m.pk, false, m.activation, m.norm);
       }},
      {"layer_wise_routing", "k-winners-take-all of a fixed random projection of the previous backbone layer",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<LayerWiseRoutingMlp>(in, hiddenWidths(m), out, m.pk, m.activation, m.norm);
       }},
      {"bernoulli_masking", "fixed Bernoulli(p_k) mask per training example; no mask at test",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<BernoulliMaskingMlp>(in, hiddenWidths(m), out, m.pk, m.activation, m.norm);
       }},
      {"example_tied_dropout", "floor(p_k N) neurons always on, the rest tied to examples; test uses the first only",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<ExampleTiedDropoutMlp>(in, hiddenWidths(m), out, m.pk, m.memorizationRate,
                                                        m.activation, m.norm);
       }},
      {"comet", "fixed random-projection routing with a k-winners-take-all cap (COMET)",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<CometMlp>(in, hiddenWidths(m), out, m.pk, m.activation, m.norm);
       }},
  };
  return table;
}

const Method& find(const std::string& name) {
  for (const auto& m : methods())
    if (m.name == name) return m;
  std::string known;
  for (const auto& m : methods()) known += " " + m.name;
  throw ConfigError("unknown method '" + name + "'; known methods:" + known);
}

}  // namespace

std::vector<std::string> methodNames() {
  std::vector<std::string> names;
  for (const auto& m : methods()) names.push_back(m.name);
  return names;
}

std::string methodDescription(const std::string& method) { return find(method).description; }

Network createNetwork(const ModelConfig& model, int64_t inputs, int64_t outputs, uint64_t seed) {
  if (model.backbone != "mlp") throw ConfigError("unknown backbone '" + model.backbone + "'; known: mlp");
  const Method& m = find(model.method);
  torch::manual_seed(seed);
  return m.create(model, inputs, outputs);
}

int64_t trainableParameters(const NetworkImpl& net) {
  int64_t n = 0;
  for (const auto& p : net.parameters())
    if (p.requires_grad()) n += p.numel();
  return n;
}

}  // namespace comet
