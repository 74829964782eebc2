// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/MethodRegistry.h"

#include <torch/torch.h>

#include <functional>
#include <stdexcept>

#include "core/model/BernoulliMaskingMlp.h"
#include "core/model/CometMlp.h"
#include "core/model/DropoutMlp.h"
#include "core/model/ExampleTiedDropoutMlp.h"
#include "core/model/L1Mlp.h"
#include "core/model/LayerWiseRoutingMlp.h"
#include "core/model/MoeMlp.h"
#include "core/model/MultiGateMoe.h"
#include "core/model/SmallerMlp.h"
#include "core/model/StandardMlp.h"
#include "core/model/TopkMlp.h"
#include "core/model/transformer/Transformers.h"
#include "core/util/Error.h"

namespace comet {
namespace {

// The factory of each method, keyed by its name in MethodNames.cpp (which owns the
// names and descriptions, without torch).
struct Method {
  std::string name;
  std::function<Network(const ModelConfig&, int64_t, int64_t)> create;
};

const std::vector<Method>& methods() {
  static const std::vector<Method> table = {
      {"standard",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<StandardMlp>(in, hiddenWidths(m), out, m.activation, m.norm);
       }},
      {"smaller",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<SmallerMlp>(in, hiddenWidths(m), out, m.pk, m.activation, m.norm);
       }},
      {"dropout",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<DropoutMlp>(in, hiddenWidths(m), out, m.pk, m.activation, m.norm);
       }},
      {"l1",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<L1Mlp>(in, hiddenWidths(m), out, m.l1Lambda, m.activation, m.norm);
       }},
      {"topk",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<TopkMlp>(in, hiddenWidths(m), out, m.pk, m.activation, m.norm);
       }},
      {"moe_trainable",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<MoeMlp>(in, hiddenWidths(m), out, m.pk, true, m.activation, m.norm);
       }},
      {"moe_non_trainable",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<MoeMlp>(in, hiddenWidths(m), out, m.pk, false, m.activation, m.norm);
       }},
      {"layer_wise_routing",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<LayerWiseRoutingMlp>(in, hiddenWidths(m), out, m.pk, m.activation, m.norm);
       }},
      {"bernoulli_masking",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<BernoulliMaskingMlp>(in, hiddenWidths(m), out, m.pk, m.activation, m.norm);
       }},
      {"example_tied_dropout",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<ExampleTiedDropoutMlp>(in, hiddenWidths(m), out, m.pk, m.memorizationRate,
                                                        m.activation, m.norm);
       }},
      {"comet",
       [](const ModelConfig& m, int64_t in, int64_t out) -> Network {
         return std::make_shared<CometMlp>(in, hiddenWidths(m), out, m.pk, m.activation, m.norm);
       }},
  };
  return table;
}

const Method& find(const std::string& name) {
  for (const auto& m : methods())
    if (m.name == name) return m;
  methodDescription(name);  // throws the ConfigError that lists the known methods
  throw std::logic_error("method '" + name + "' is named in MethodNames.cpp but has no factory");
}

}  // namespace

std::vector<std::string> registeredMethods() {
  std::vector<std::string> names;
  for (const auto& m : methods()) names.push_back(m.name);
  return names;
}

Network createNetwork(const ModelConfig& model, int64_t inputs, int64_t outputs, uint64_t seed) {
  if (model.backbone != "mlp")
    throw ConfigError("model.backbone: '" + model.backbone + "' needs the task list (createNetwork with TaskSpecs); "
                      "known here: mlp");
  const Method& m = find(model.method);
  torch::manual_seed(seed);
  return m.create(model, inputs, outputs);
}

Network createNetwork(const ModelConfig& model, int64_t inputs, const std::vector<TaskSpec>& tasks, uint64_t seed) {
  return createNetwork(model, std::vector<int64_t>{inputs}, tasks, seed);
}

Network createNetwork(const ModelConfig& model, const std::vector<int64_t>& inputShape,
                      const std::vector<TaskSpec>& tasks, uint64_t seed) {
  std::vector<int64_t> outputs;
  int64_t total = 0;
  for (const auto& t : tasks) {
    outputs.push_back(t.outputs());
    total += t.outputs();
  }
  int64_t inputs = 1;
  for (auto d : inputShape) inputs *= d;
  if (isTransformer(model.backbone)) {
    torch::manual_seed(seed);
    return createTransformer(model, inputShape, total);
  }
  if (model.backbone != "moe") return createNetwork(model, inputs, total, seed);
  GateOptions gate;
  gate.type = model.gate;
  gate.experts = model.experts;
  gate.k = gateK(model);  // hash routing: one expert, whatever gate_k says
  gate.gamma = model.gateGamma;
  gate.entropyLambda = model.gateEntropy;
  gate.topkNoise = model.gateNoise;
  gate.localSearch = model.localSearch;
  gate.localSearchEpochs = model.localSearchEpochs;
  gate.seed = seed;
  torch::manual_seed(seed);
  auto net = std::make_shared<MultiGateMoe>(inputs, hiddenWidths(model), outputs, gate, model.activation);
  std::vector<std::string> names;
  for (size_t t = 0; t < tasks.size(); ++t)
    names.push_back(taskName(tasks[t], t));
  net->setTaskNames(std::move(names));
  return net;
}

int64_t trainableParameters(const NetworkImpl& net) {
  int64_t n = 0;
  for (const auto& p : net.parameters())
    if (p.requires_grad()) n += p.numel();
  return n;
}

}  // namespace comet
