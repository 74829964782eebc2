// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/MethodRegistry.h"

#include <torch/torch.h>

#include <functional>

#include "core/model/CometMlp.h"
#include "core/model/StandardMlp.h"
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
