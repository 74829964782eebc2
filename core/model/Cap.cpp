// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/Cap.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace comet {
namespace {

// A float's bits as an unsigned key with the same order (negative floats flipped;
// -0 is +0, as for the comparisons of the topk path).
inline uint32_t orderedKey(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  if (u == 0x80000000u) u = 0;
  return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

// The key of the k-th largest entry of keys[0, n): a radix select, one byte at a
// time from the top, keeping only the entries of the chosen bucket. `buffer`
// holds at least n entries.
uint32_t kthLargestKey(const uint32_t* keys, int64_t n, int64_t k, uint32_t* buffer) {
  uint32_t count[256];
  const uint32_t* candidates = keys;
  int64_t m = n;
  for (int shift = 24; shift >= 0; shift -= 8) {
    std::memset(count, 0, sizeof count);
    for (int64_t i = 0; i < m; ++i) ++count[(candidates[i] >> shift) & 255u];
    uint32_t bucket = 255;
    for (; bucket > 0 && count[bucket] < k; --bucket) k -= count[bucket];
    int64_t kept = 0;
    for (int64_t i = 0; i < m; ++i)
      if (((candidates[i] >> shift) & 255u) == bucket) buffer[kept++] = candidates[i];
    candidates = buffer;
    m = kept;
    if (m == 1) return buffer[0];
    if (m == k) return *std::min_element(buffer, buffer + m);  // all of the bucket are kept
  }
  return buffer[0];  // every candidate left has the same key
}

// The cap of a contiguous float32 [rows, width] tensor on the CPU, rows in
// parallel (torch's intra-op threads; this file is built with OpenMP so that
// at::parallel_for runs in parallel). The masks equal the torch path's.
torch::Tensor capRows(const torch::Tensor& c, int64_t k) {
  const int64_t rows = c.size(0), width = c.size(1);
  auto out = torch::empty_like(c);
  const float* in = c.data_ptr<float>();
  float* mask = out.data_ptr<float>();
  at::parallel_for(0, rows, std::max<int64_t>(1, 16384 / width), [&](int64_t begin, int64_t end) {
    std::vector<uint32_t> keys(static_cast<size_t>(width)), buffer(static_cast<size_t>(width));
    for (int64_t r = begin; r < end; ++r) {
      const float* x = in + r * width;
      float* y = mask + r * width;
      for (int64_t i = 0; i < width; ++i) keys[static_cast<size_t>(i)] = orderedKey(x[i]);
      const uint32_t kth = kthLargestKey(keys.data(), width, k, buffer.data());
      int64_t above = 0;
      for (int64_t i = 0; i < width; ++i) above += keys[static_cast<size_t>(i)] > kth;
      int64_t places = k - above;  // ties at the k-th value, lowest columns first
      for (int64_t i = 0; i < width; ++i) {
        const uint32_t key = keys[static_cast<size_t>(i)];
        const bool tied = key == kth && places > 0;
        places -= tied;
        y[i] = key > kth || tied ? 1.f : 0.f;
      }
    }
  });
  return out;
}

}  // namespace

torch::Tensor cap(const torch::Tensor& c, int64_t k) {
  TORCH_CHECK(c.dim() == 2, "cap: expected a [batch, width] tensor");
  const int64_t width = c.size(1);
  TORCH_CHECK(k >= 1 && k <= width, "cap: k must be in [1, width]");
  if (k == width) return torch::ones_like(c);
  if (c.scalar_type() == torch::kFloat32 && c.device().is_cpu() && c.is_contiguous()) return capRows(c, k);
  return capWithTopk(c, k);
}

torch::Tensor capWithTopk(const torch::Tensor& c, int64_t k) {
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
