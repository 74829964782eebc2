// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/MlpBackbone.h"
#include "core/model/Network.h"

namespace comet {

// `bernoulli_masking`: every training example has its own fixed random mask per
// hidden layer, each neuron on with probability p_k, keyed by the example's index
// in the training split (ForwardContext::exampleIndex) and derived from
// (seed, index, layer) by a hash (ExampleMasks), so no table is stored and the
// mask is the same in every epoch. Kept activations are scaled by 1/p_k in
// training (as inverted dropout), so that evaluation, which uses no mask, sees
// activations of the same expected size. A forward without example indices, or in
// eval mode, is unmasked. The published code draws with probability 0.5 whatever
// p_k and keys examples by two pixel values; this follows the description.
class BernoulliMaskingMlp : public NetworkImpl {
 public:
  BernoulliMaskingMlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs, double pk,
                      const std::string& activation, const std::string& norm);
  torch::Tensor forward(const torch::Tensor& x, const ForwardContext& ctx) override;
  bool hasMasks() const override { return true; }
  MlpBackbone backbone() const { return m_backbone; }

 private:
  MlpBackbone m_backbone{nullptr};
  double m_pk;
  uint64_t m_seed;
};

}  // namespace comet
