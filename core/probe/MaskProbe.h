// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include "core/config/ExperimentConfig.h"
#include "core/model/Network.h"
#include "core/probe/ProbeReport.h"

namespace comet {

// Records each hidden layer's binary masks for a fixed set of examples (the first
// `probe.examples` of the split it is given) and measures neuron usage, Jaccard
// overlap between examples, the class x class mean overlap, and overlap against
// input (cosine) similarity. A layer may mask several positions per example (a
// transformer block MLP: one mask per token, rows example-major): usage then
// counts every position, and the overlap of two examples is the mean over
// positions of the Jaccard index of their masks at the same position.
class MaskProbe {
 public:
  MaskProbe(const ProbeConfig& config, torch::Tensor x, torch::Tensor labels, int64_t numClasses);
  // A language model's probe (backbone gpt): the items are characters, not
  // windows. The first `probe.examples` characters of `windows` ([n, context]
  // ids, as floats) are probed in their windows; each is labelled by its own
  // character (so usage per class is usage per character, and the class x class
  // overlap is character x character), and two characters' input similarity is
  // the cosine of their last `kTextContext` characters one-hot by lag: the share
  // of those positions where they match.
  static MaskProbe forCharacters(const ProbeConfig& config, const torch::Tensor& windows, int64_t vocabulary);
  static constexpr int64_t kTextContext = 8;

  // Masks per hidden layer, bool [examples, N_l]; empty for methods without masks.
  std::vector<torch::Tensor> recordMasks(NetworkImpl& net) const;
  // The masks of `net` on inputs `x`: one forward in evaluation mode without gradient
  // (the training mode put back after); empty for a network without masks.
  static std::vector<torch::Tensor> masksOf(NetworkImpl& net, const torch::Tensor& x);

  ProbeReport run(NetworkImpl& net, const std::vector<int64_t>& ks, int64_t epoch) const;

  // Exposed for tests: usage and overlap of given masks.
  static NeuronUsage neuronUsage(const torch::Tensor& masks, const torch::Tensor& labels, int64_t numClasses, int64_t k);
  static torch::Tensor jaccard(const torch::Tensor& masks);
  // [examples * positions, N] masks (example-major) -> [examples, examples], the
  // mean over positions of the Jaccard index at the same position.
  static torch::Tensor positionJaccard(const torch::Tensor& masks, int64_t examples);

 private:
  OverlapMatrix overlap(const torch::Tensor& masks) const;

  MaskProbe(const ProbeConfig& config, int64_t numClasses) : m_config(config), m_numClasses(numClasses) {}

  ProbeConfig m_config;
  torch::Tensor m_x;       // the network's input
  int64_t m_items = 0;     // probed items: examples (m_x's rows) or characters
  bool m_characters = false;  // items are the first m_items characters of m_x's windows
  torch::Tensor m_labels;  // [items] int64 class labels, or undefined for regression
  int64_t m_numClasses;
  torch::Tensor m_cosine;  // [items, items] input cosine similarity
};

}  // namespace comet
