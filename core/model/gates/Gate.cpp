// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/gates/Gate.h"

#include <torch/torch.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "core/model/gates/CometTreeGate.h"
#include "core/model/gates/DSelectKGate.h"
#include "core/model/gates/HashGate.h"
#include "core/model/gates/PermutedGate.h"
#include "core/model/gates/SoftmaxGate.h"
#include "core/model/gates/TopkGate.h"
#include "core/util/Error.h"

namespace comet {

double GateImpl::saturation() const { return std::numeric_limits<double>::quiet_NaN(); }

namespace {

template <typename... Parts>
[[noreturn]] void fail(const Parts&... parts) {
  std::ostringstream s;
  (s << ... << parts);
  throw ConfigError(s.str());
}

void validate(const GateOptions& o, int64_t inputs) {
  const bool known = o.type == "softmax" || o.type == "topk" || o.type == "dselect_k" ||
                     o.type == "comet_tree" || o.type == "hash";
  if (!known)
    fail("model.gate: '", o.type, "' is not a gate (softmax, topk, dselect_k, comet_tree, hash)");
  if (o.experts < 1) fail("model.experts: ", o.experts, " must be at least 1");
  if (o.k < 1) fail("model.gate_k: ", o.k, " must be at least 1");
  if (o.k > o.experts) fail("model.gate_k: ", o.k, " is larger than model.experts (", o.experts, ")");
  if (o.type == "hash" && o.k != 1) fail("model.gate_k: ", o.k, " but the hash gate routes to one expert (k = 1)");
  if (!(o.gamma > 0) || !std::isfinite(o.gamma)) fail("model.gate_gamma: ", o.gamma, " must be positive");
  if (!(o.entropyLambda >= 0) || !std::isfinite(o.entropyLambda))
    fail("model.gate_entropy: ", o.entropyLambda, " must be non-negative");
  if (!(o.localSearchEpochs >= 0) || !std::isfinite(o.localSearchEpochs))
    fail("model.local_search_epochs: ", o.localSearchEpochs, " must be non-negative");
  if (inputs < 1) fail("model.gate: the gate needs at least one input feature, not ", inputs);
}

Gate createInner(const GateOptions& o, int64_t inputs) {
  if (o.type == "softmax") return std::make_shared<SoftmaxGate>(inputs, o.experts);
  if (o.type == "topk") return std::make_shared<TopkGate>(inputs, o.experts, o.k, o.topkNoise);
  if (o.type == "dselect_k") return std::make_shared<DSelectKGate>(inputs, o.experts, o.k, o.gamma, o.entropyLambda);
  if (o.type == "comet_tree")
    return std::make_shared<CometTreeGate>(inputs, o.experts, o.k, o.gamma, o.entropyLambda);
  return std::make_shared<HashGate>(o.experts, o.seed);
}

}  // namespace

Gate createGate(const GateOptions& options, int64_t inputs) {
  validate(options, inputs);
  Gate g = createInner(options, inputs);
  if (options.localSearch) g = std::make_shared<PermutedGate>(std::move(g), options.experts, options.localSearchEpochs);
  return g;
}

}  // namespace comet
