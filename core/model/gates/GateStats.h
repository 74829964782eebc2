// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace comet {

// What a batch of gate outputs looks like: how sparse, and how evenly the experts
// are used (a collapsed gate sends everything to one expert).
struct GateStats {
  int64_t examples = 0;
  double meanNonZeros = 0;   // mean over examples of #{j : g_j > 0} (exact, no threshold)
  int64_t maxNonZeros = 0;   // the largest such count
  std::vector<int64_t> top;     // per expert: examples whose largest weight is that expert
  std::vector<int64_t> routed;  // per expert: examples with a non-zero weight on it
  std::vector<double> meanWeight;  // per expert: mean weight over the examples
};

// Statistics of [batch, n] gate weights (detached; any device). Ties for the largest
// weight go to the lowest expert index.
GateStats gateStats(const torch::Tensor& weights);

}  // namespace comet
