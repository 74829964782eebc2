// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/gates/Sinkhorn.h"

#include <torch/torch.h>

namespace comet {

torch::Tensor sinkhorn(const torch::Tensor& scores, double tau, int64_t iterations) {
  TORCH_CHECK(scores.dim() == 2 && scores.size(0) == scores.size(1), "sinkhorn needs a square matrix");
  TORCH_CHECK(tau > 0, "sinkhorn needs tau > 0");
  auto l = scores / tau;
  for (int64_t i = 0; i < iterations; ++i) {
    l = l - l.logsumexp(0, true);
    l = l - l.logsumexp(1, true);  // last, so that g P of a gate row g sums to 1
  }
  return l.exp();
}

}  // namespace comet
