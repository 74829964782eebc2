// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/Cap.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace comet {

torch::Tensor cap(const torch::Tensor& c, int64_t k) {
  TORCH_CHECK(c.dim() == 2, "cap: expected a [batch, width] tensor");
  const int64_t width = c.size(1);
  TORCH_CHECK(k >= 1 && k <= width, "cap: k must be in [1, width]");
  if (k == width) return torch::ones_like(c);
  torch::NoGradGuard noGrad;
  const auto top = std::get<0>(c.topk(k, /*dim=*/1, /*largest=*/true, /*sorted=*/false));
  const auto kth = std::get<0>(top.min(/*dim=*/1, /*keepdim=*/true));
  const auto above = c > kth;
  const auto tied = c == kth;
  const auto places = k - above.sum(1, /*keepdim=*/true);
  const auto tiedRank = tied.cumsum(1);
  return (above | (tied & (tiedRank <= places))).to(c.scalar_type());
}

}  // namespace comet
