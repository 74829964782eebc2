// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/nn/module.h>

#include <cstdint>
#include <memory>
#include <string>

namespace comet {

// The gates of a mixture of experts (METHOD.md section 2; Ibrahim et al., KDD 2023):
// each maps an input to a point of the simplex over n experts, at most k of them
// non-zero once trained (softmax: dense).
struct GateOptions {
  std::string type = "comet_tree";  // softmax topk dselect_k comet_tree hash
  int64_t experts = 6;              // n
  int64_t k = 2;
  double gamma = 1.0;               // smooth-step width
  double entropyLambda = 0.0;       // weight of the entropy regulariser (comet_tree, dselect_k)
  bool topkNoise = false;           // topk: noisy top-k in training (Shazeer et al. 2017)
  bool localSearch = false;         // permutation local search around the gate
  double localSearchEpochs = 1.0;   // epochs of the Sinkhorn phase, then the hard permutation
  uint64_t seed = 0;                // hash routing's seed
};

struct GateContext {
  double epoch = 0;  // epochs completed so far, fractional (1.5 = half-way through epoch 2)
};

class GateImpl : public torch::nn::Module {
 public:
  // [batch, n]: each row non-negative, summing to 1.
  virtual torch::Tensor forward(const torch::Tensor& x, const GateContext& ctx) = 0;
  // The regulariser of the last training-mode forward (entropy, DSelect-k's
  // invalid-expert penalty), already weighted; undefined when none. An eval-mode
  // forward leaves it as it was.
  virtual torch::Tensor penalty() { return {}; }
  // Fraction of the smooth-step outputs of the last forward that are exactly 0 or 1
  // (NaN for gates without smooth-steps).
  virtual double saturation() const;
};

using Gate = std::shared_ptr<GateImpl>;

// The gate of `options` on `inputs` features, wrapped in a PermutedGate when
// options.localSearch. Validates the options, throwing ConfigError with the config
// key at fault (model.gate, model.experts, model.gate_k, model.gate_gamma,
// model.gate_entropy, model.local_search_epochs).
Gate createGate(const GateOptions& options, int64_t inputs);

}  // namespace comet
