// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/gates/GateStats.h"

#include <torch/torch.h>

namespace comet {

GateStats gateStats(const torch::Tensor& weights) {
  TORCH_CHECK(weights.dim() == 2, "gateStats needs [batch, n] weights");
  const auto w = weights.detach().to(torch::kCPU, torch::kDouble);
  GateStats s;
  s.examples = w.size(0);
  const int64_t n = w.size(1);
  s.top.assign(static_cast<size_t>(n), 0);
  s.routed.assign(static_cast<size_t>(n), 0);
  s.meanWeight.assign(static_cast<size_t>(n), 0.0);
  if (s.examples == 0) return s;
  const auto nonZeros = (w > 0).sum(1);
  s.meanNonZeros = nonZeros.to(torch::kDouble).mean().item<double>();
  s.maxNonZeros = nonZeros.max().item<int64_t>();
  const auto counts = torch::bincount(w.argmax(1), {}, n);
  const auto means = w.mean(0).contiguous();
  const auto routed = (w > 0).sum(0).contiguous();
  for (int64_t j = 0; j < n; ++j) {
    s.top[static_cast<size_t>(j)] = counts[j].item<int64_t>();
    s.meanWeight[static_cast<size_t>(j)] = means[j].item<double>();
    s.routed[static_cast<size_t>(j)] = routed[j].item<int64_t>();
  }
  return s;
}

}  // namespace comet
