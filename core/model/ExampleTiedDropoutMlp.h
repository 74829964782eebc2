// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/MlpBackbone.h"
#include "core/model/Network.h"

namespace comet {

// `example_tied_dropout` (Maini et al. 2023, "Can neural network memorization be
// localized?"): in each hidden layer the first g_l = max(1, floor(p_k N_l))
// neurons are "generalisation" neurons, always on; each of the other
// ("memorisation") neurons is on for a training example with probability
// `memorizationRate` (model.memorization_rate, 0.2 by default), by a mask fixed per
// example (keyed by its index, derived from (seed, index, layer) as in
// BernoulliMaskingMlp). At evaluation, and for inputs without an example index,
// only the generalisation neurons are on. No rescaling: the generalisation neurons
// are on in training and at evaluation alike.
class ExampleTiedDropoutMlp : public NetworkImpl {
 public:
  ExampleTiedDropoutMlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs, double pk,
                        double memorizationRate, const std::string& activation, const std::string& norm);
  torch::Tensor forward(const torch::Tensor& x, const ForwardContext& ctx) override;
  bool hasMasks() const override { return true; }
  MlpBackbone backbone() const { return m_backbone; }
  const std::vector<int64_t>& generalisationNeurons() const { return m_general; }

 private:
  MlpBackbone m_backbone{nullptr};
  std::vector<int64_t> m_general;  // g_l per hidden layer
  double m_rate;
  uint64_t m_seed;
};

}  // namespace comet
