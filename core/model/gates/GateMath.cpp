// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/gates/GateMath.h"

#include <torch/torch.h>

#include <limits>

namespace comet {

torch::Tensor safeLog(const torch::Tensor& p) {
  // The inner `where` keeps log away from 0 so that its backward (1/p) stays finite;
  // the outer one then gives those entries -inf and no gradient.
  const auto positive = p > 0;
  const auto logged = torch::where(positive, p, torch::ones_like(p)).log();
  return torch::where(positive, logged, torch::full_like(p, -std::numeric_limits<double>::infinity()));
}

torch::Tensor entropy(const torch::Tensor& p, int64_t dim) {
  const auto positive = p > 0;
  const auto logged = torch::where(positive, p, torch::ones_like(p)).log();
  return -(p * logged).sum(dim);  // logged is 0 where p is 0: 0 log 0 = 0
}

double saturatedFraction(const torch::Tensor& s) {
  if (s.numel() == 0) return std::numeric_limits<double>::quiet_NaN();
  const auto d = s.detach();
  return ((d == 0) | (d == 1)).to(torch::kDouble).mean().item<double>();
}

}  // namespace comet
