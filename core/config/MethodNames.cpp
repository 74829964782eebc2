// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/MethodNames.h"

#include <utility>

#include "core/util/Error.h"

namespace comet {
namespace {

// The paper's comparison (Table 1 and Figure 4), in its order. The factories are in
// MethodRegistry.cpp, keyed by these names (tst_methods checks that both agree).
const std::vector<std::pair<std::string, std::string>>& table() {
  static const std::vector<std::pair<std::string, std::string>> methods = {
      {"standard", "dense MLP, same widths"},
      {"smaller", "dense MLP with hidden widths floor(p_k N)"},
      {"dropout", "dense MLP with dropout rate 1 - p_k on hidden layers (training only)"},
      {"l1", "dense MLP plus an L1 penalty model.l1_lambda * sum |W| on the weights"},
      {"topk", "k-winners-take-all on the backbone's own pre-activations (trainable routing)"},
      {"moe_trainable", "floor(1/p_k) smaller-MLP experts, trainable softmax gate, top-1"},
      {"moe_non_trainable", "floor(1/p_k) smaller-MLP experts, fixed random softmax gate, top-1"},
      {"layer_wise_routing", "k-winners-take-all of a fixed random projection of the previous backbone layer"},
      {"bernoulli_masking", "fixed Bernoulli(p_k) mask per training example; no mask at test"},
      {"example_tied_dropout", "floor(p_k N) neurons always on, the rest tied to examples; test uses the first only"},
      {"comet", "fixed random-projection routing with a k-winners-take-all cap (COMET)"},
  };
  return methods;
}

}  // namespace

std::vector<std::string> methodNames() {
  std::vector<std::string> names;
  for (const auto& [name, description] : table()) names.push_back(name);
  return names;
}

std::string methodDescription(const std::string& method) {
  for (const auto& [name, description] : table())
    if (name == method) return description;
  std::string known;
  for (const auto& [name, description] : table()) known += " " + name;
  throw ConfigError("unknown method '" + method + "'; known methods:" + known);
}

const std::vector<std::string>& transformerMethods() {
  static const std::vector<std::string> methods = {"standard", "comet", "topk", "dropout", "smaller"};
  return methods;
}

std::string joinedTransformerMethods() {
  std::string out;
  for (const auto& m : transformerMethods()) out += (out.empty() ? "" : ", ") + m;
  return out;
}

}  // namespace comet
