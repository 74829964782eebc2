// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/Cap.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace comet {
namespace {

// One row of a float32 CPU tensor: the k-th largest value by nth_element, then
// the entries above it and the first ties by column.
void capRow(const float* row, float* out, int64_t width, int64_t k, std::vector<float>& scratch) {
  scratch.assign(row, row + width);
  const auto nth = scratch.begin() + (width - k);
  std::nth_element(scratch.begin(), nth, scratch.end());
  const float kth = *nth;
  int64_t places = k;
  for (int64_t j = 0; j < width; ++j)
    if (row[j] > kth) --places;
  for (int64_t j = 0; j < width; ++j) {
    const bool keep = row[j] > kth || (row[j] == kth && places-- > 0);
    out[j] = keep ? 1.f : 0.f;
  }
}

}  // namespace

torch::Tensor capWithTorch(const torch::Tensor& c, int64_t k) {
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

torch::Tensor cap(const torch::Tensor& c, int64_t k) {
  TORCH_CHECK(c.dim() == 2, "cap: expected a [batch, width] tensor");
  const int64_t rows = c.size(0), width = c.size(1);
  TORCH_CHECK(k >= 1 && k <= width, "cap: k must be in [1, width]");
  if (k == width) return torch::ones_like(c);
  const bool fast = c.device().is_cpu() && c.scalar_type() == torch::kFloat32 && !torch::isnan(c).any().item<bool>();
  if (!fast) return capWithTorch(c, k);
  torch::NoGradGuard noGrad;
  const auto in = c.contiguous();
  auto out = torch::empty_like(in);
  const float* src = in.data_ptr<float>();
  float* dst = out.data_ptr<float>();
  at::parallel_for(0, rows, std::max<int64_t>(1, 32768 / std::max<int64_t>(1, width)), [&](int64_t begin, int64_t end) {
    std::vector<float> scratch;
    for (int64_t r = begin; r < end; ++r) capRow(src + r * width, dst + r * width, width, k, scratch);
  });
  return out;
}

}  // namespace comet
