// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/nn/module.h>

#include <vector>

#include "core/util/NamedValues.h"

namespace comet {

// What a forward pass may need besides the input.
struct ForwardContext {
  // [batch] int64 indices of the examples in the training split (the inputs given
  // to prepare()); methods whose masks are tied to examples (bernoulli_masking,
  // example_tied_dropout) key them on it, and COMET looks up its cached masks.
  // Leave undefined for any other input.
  torch::Tensor exampleIndex;
  // When set, the forward appends each hidden layer's binary mask ([batch, N_l]).
  std::vector<torch::Tensor>* masks = nullptr;
  // Epochs of training completed so far, fractional (1.5: half-way through the
  // second); the trainer sets it, for training and evaluation forwards alike.
  // Gates with a schedule (permutation local search) read it.
  double epoch = 0;
};

// The parameters an optimizer trains, in two groups: `main` at train.lr and
// `gates` at model.gate_lr (a mixture of experts' gates; empty for every other
// network).
struct ParameterGroups {
  std::vector<torch::Tensor> main;
  std::vector<torch::Tensor> gates;
};

// A model of one method of the paper, or a backbone with one. The trainer, its
// hooks and the probes speak to this interface; the one exception is sparse
// execution (core/train/TrainStepFactory.cpp), which runs COMET's MLP layer by
// layer and so needs that class itself.
class NetworkImpl : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(const torch::Tensor& x, const ForwardContext& ctx) = 0;
  torch::Tensor forward(const torch::Tensor& x) { return forward(x, ForwardContext{}); }
  // A term added to the training loss (an L1 penalty, a gate regulariser), or an
  // undefined tensor when the method has none.
  virtual torch::Tensor penalty() { return {}; }
  // Called once before training with the training split's inputs; methods with
  // fixed per-example state (COMET's mask cache) compute it here.
  virtual void prepare(const torch::Tensor& trainInputs) {}
  // True when the forward produces per-example binary masks worth probing.
  virtual bool hasMasks() const { return false; }
  // True when the network routes through learned gates whose weights the gate
  // probe reads (gateWeights()).
  virtual bool hasGates() const { return false; }
  // What the optimizer trains, grouped by learning rate.
  virtual ParameterGroups parameterGroups() { return {parameters(), {}}; }
  // Per task, the detached [batch, experts] gate weights of the last forward, for
  // the gate probe; empty for networks without gates (every method but a mixture
  // of experts).
  virtual std::vector<torch::Tensor> gateWeights() const { return {}; }
  // Statistics gathered over the evaluation forwards between beginStatistics() and
  // endStatistics(), named like metrics (a mixture of experts' gate sparsity:
  // "gate/top_left/nonzeros_mean"). The trainer gathers them over the validation
  // split after each epoch and over the test split at the end.
  virtual void beginStatistics() {}
  virtual NamedValues endStatistics() { return {}; }
};

using Network = std::shared_ptr<NetworkImpl>;

}  // namespace comet
