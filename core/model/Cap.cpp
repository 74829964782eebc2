// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/Cap.h"

#include <ATen/Parallel.h>
#include <immintrin.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

namespace comet {
namespace {

// Rows up to this width take the bitwise search, wider ones the radix select
// (measured, docs/performance.md).
constexpr int64_t kBitwiseWidth = 1024;

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

// Narrow rows (the block MLPs' 64 to 512 units) take a bitwise search instead: the
// k-th largest key is the largest t with at least k keys >= t, built one bit at a
// time from the highest bit on which the row's keys differ, each bit one count over
// the row. The row stays in L1 and each count is a few vector compares, where the
// radix select's 256-bucket histograms cost more than the row itself. The keys are
// kept signed (orderedKey ^ 2^31) so that SSE2's and AVX2's signed compares count
// them. Built for AVX-512, AVX2 and the baseline, chosen at run time: the helpers
// are always inlined, so that each copy is compiled for its caller's instruction set.
[[gnu::always_inline]] inline int32_t countAtLeast(const int32_t* keys, int64_t n, int32_t t) {
  int32_t c = 0;
#pragma omp simd reduction(+ : c)
  for (int64_t i = 0; i < n; ++i) c += keys[i] >= t ? 1 : 0;
  return c;
}

// The highest bit on which keys differ (-1: none) from the AND and the OR of the
// keys (unsigned order), and the bits above it, which every key shares.
inline int highestDifferingBit(uint32_t all, uint32_t any) { return all == any ? -1 : 31 - __builtin_clz(all ^ any); }
inline uint32_t sharedBitsAbove(uint32_t all, int top) {
  return top < 0 ? all : all & ~((top == 31 ? 0u : (2u << top)) - 1u);
}

[[gnu::always_inline]] inline int32_t kthLargestByBits(const int32_t* keys, int64_t n, int64_t k) {
  // Bits on which every key agrees (unsigned order): set in the AND of the keys,
  // or clear in their OR.
  uint32_t all = 0xFFFFFFFFu, any = 0;
#pragma omp simd reduction(& : all) reduction(| : any)
  for (int64_t i = 0; i < n; ++i) {
    const uint32_t u = static_cast<uint32_t>(keys[i]) ^ 0x80000000u;
    all &= u;
    any |= u;
  }
  const int top = highestDifferingBit(all, any);
  uint32_t t = sharedBitsAbove(all, top);  // every key, when they are all the same
  for (int b = top; b >= 0; --b) {
    const uint32_t candidate = t | (1u << b);
    // Branch-free: whether the bit stays is a coin toss the predictor cannot learn.
    const bool keep = countAtLeast(keys, n, static_cast<int32_t>(candidate ^ 0x80000000u)) >= k;
    t |= (0u - static_cast<uint32_t>(keep)) & (1u << b);
  }
  return static_cast<int32_t>(t ^ 0x80000000u);
}

// The mask of one row: 1 above the k-th largest key, then the ties at it from the
// lowest column until k are kept (usually the k-th entry alone).
[[gnu::always_inline]] inline void markRow(const int32_t* keys, int64_t width, int64_t k, int32_t kth, float* y) {
  int32_t above = 0;
#pragma omp simd reduction(+ : above)
  for (int64_t i = 0; i < width; ++i) {
    y[i] = keys[i] > kth ? 1.f : 0.f;
    above += keys[i] > kth ? 1 : 0;
  }
  for (int64_t i = 0, places = k - above; places > 0; ++i)
    if (keys[i] == kth) {
      y[i] = 1.f;
      --places;
    }
}

[[gnu::always_inline]] inline void capRowsByBits(const float* in, float* mask, int64_t width, int64_t k,
                                                 int64_t begin, int64_t end, int32_t* keys) {
  for (int64_t r = begin; r < end; ++r) {
    const float* x = in + r * width;
    float* y = mask + r * width;
    for (int64_t i = 0; i < width; ++i) keys[i] = static_cast<int32_t>(orderedKey(x[i]) ^ 0x80000000u);
    markRow(keys, width, k, kthLargestByBits(keys, width, k), y);
  }
}

using RowsFunction = void (*)(const float*, float*, int64_t, int64_t, int64_t, int64_t, int32_t*);

// AVX-512: counts are mask compares and popcounts, and four rows' searches run
// side by side, so that one row's count does not wait on the one before.
#define COMET_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,popcnt")))

COMET_AVX512 inline int32_t countAtLeast512(const int32_t* keys, int64_t n, int32_t t) {
  const __m512i tv = _mm512_set1_epi32(t);
  int32_t c = 0;
  int64_t i = 0;
  for (; i + 16 <= n; i += 16)
    c += _mm_popcnt_u32(_mm512_cmpge_epi32_mask(_mm512_loadu_si512(keys + i), tv));
  if (i < n) {
    const __mmask16 m = static_cast<__mmask16>((1u << (n - i)) - 1u);
    c += _mm_popcnt_u32(_mm512_mask_cmpge_epi32_mask(m, _mm512_maskz_loadu_epi32(m, keys + i), tv));
  }
  return c;
}

// The same over the keys' top 16 bits, 32 to a vector.
COMET_AVX512 inline int32_t countAtLeast16(const uint16_t* hi, int64_t n, uint16_t t) {
  const __m512i tv = _mm512_set1_epi16(static_cast<int16_t>(t));
  int32_t c = 0;
  int64_t i = 0;
  for (; i + 32 <= n; i += 32)
    c += _mm_popcnt_u32(_mm512_cmpge_epu16_mask(_mm512_loadu_si512(hi + i), tv));
  if (i < n) {
    const __mmask32 m = static_cast<__mmask32>((1u << (n - i)) - 1u);
    c += _mm_popcnt_u32(_mm512_mask_cmpge_epu16_mask(m, _mm512_maskz_loadu_epi16(m, hi + i), tv));
  }
  return c;
}

// In two stages, for half the compares: the bitwise search over the top 16 bits
// of the keys (unsigned order) finds the top half P of the k-th largest key, and
// among the few keys whose top half is P, the one of the right rank gives the
// low half.
COMET_AVX512 void capRowsAvx512(const float* in, float* mask, int64_t width, int64_t k, int64_t begin, int64_t end,
                                int32_t* keys) {
  constexpr int kRows = 4;
  uint16_t hiAll[kRows * kBitwiseWidth];
  std::vector<uint16_t> lows;
  int64_t r = begin;
  for (; r + kRows <= end; r += kRows) {
    uint32_t t[kRows];
    int top[kRows];
    int highest = -1;
    for (int j = 0; j < kRows; ++j) {
      const float* x = in + (r + j) * width;
      int32_t* kj = keys + j * width;
      uint16_t* hi = hiAll + j * width;
      uint32_t all = 0xFFFFFFFFu, any = 0;
      for (int64_t i = 0; i < width; ++i) {
        const uint32_t u = orderedKey(x[i]);
        kj[i] = static_cast<int32_t>(u ^ 0x80000000u);
        hi[i] = static_cast<uint16_t>(u >> 16);
        all &= u;
        any |= u;
      }
      top[j] = highestDifferingBit(all >> 16, any >> 16);
      t[j] = sharedBitsAbove(all >> 16, top[j]);
      highest = std::max(highest, top[j]);
    }
    for (int b = highest; b >= 0; --b)
      for (int j = 0; j < kRows; ++j) {
        if (b > top[j]) continue;
        const uint32_t candidate = t[j] | (1u << b);
        // Branch-free: whether the bit stays is a coin toss the predictor cannot learn.
        const bool keep = countAtLeast16(hiAll + j * width, width, static_cast<uint16_t>(candidate)) >= k;
        t[j] |= (0u - static_cast<uint32_t>(keep)) & (1u << b);
      }
    for (int j = 0; j < kRows; ++j) {
      const uint16_t* hi = hiAll + j * width;
      const int32_t* kj = keys + j * width;
      const auto p = static_cast<uint16_t>(t[j]);
      const int64_t above = p == 0xFFFF ? 0 : countAtLeast16(hi, width, static_cast<uint16_t>(p + 1));
      // The low halves of the keys whose top half is P (usually one or two).
      lows.clear();
      const __m512i pv = _mm512_set1_epi16(static_cast<int16_t>(p));
      for (int64_t i = 0; i < width; i += 32) {
        const __mmask32 m = width - i >= 32 ? ~__mmask32{0} : static_cast<__mmask32>((1u << (width - i)) - 1u);
        for (uint32_t eq = _mm512_mask_cmpeq_epu16_mask(m, _mm512_maskz_loadu_epi16(m, hi + i), pv); eq != 0;
             eq &= eq - 1)
          lows.push_back(static_cast<uint16_t>(static_cast<uint32_t>(kj[i + __builtin_ctz(eq)]) & 0xFFFFu));
      }
      const auto nth = lows.begin() + (k - above - 1);  // the (k - above)-th largest
      std::nth_element(lows.begin(), nth, lows.end(), std::greater<uint16_t>());
      const uint32_t kth = (static_cast<uint32_t>(p) << 16) | *nth;
      markRow(kj, width, k, static_cast<int32_t>(kth ^ 0x80000000u), mask + (r + j) * width);
    }
  }
  if (r < end) capRowsByBits(in, mask, width, k, r, end, keys);
}
#undef COMET_AVX512

__attribute__((target("avx2"))) void capRowsAvx2(const float* in, float* mask, int64_t width, int64_t k,
                                                 int64_t begin, int64_t end, int32_t* keys) {
  capRowsByBits(in, mask, width, k, begin, end, keys);
}
void capRowsBaseline(const float* in, float* mask, int64_t width, int64_t k, int64_t begin, int64_t end,
                     int32_t* keys) {
  capRowsByBits(in, mask, width, k, begin, end, keys);
}

RowsFunction rowsByBits() {
  static const RowsFunction f = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
                                    ? capRowsAvx512
                                : __builtin_cpu_supports("avx2") ? capRowsAvx2
                                                                 : capRowsBaseline;
  return f;
}

// The cap of a contiguous float32 [rows, width] tensor on the CPU, rows in
// parallel (torch's intra-op threads; this file is built with OpenMP so that
// at::parallel_for runs in parallel). The masks equal the torch path's.
torch::Tensor capRows(const torch::Tensor& c, int64_t k) {
  const int64_t rows = c.size(0), width = c.size(1);
  auto out = torch::empty_like(c);
  const float* in = c.data_ptr<float>();
  float* mask = out.data_ptr<float>();
  // COMET_CAP_RADIX is read on every call (a few a step), so that tst_cap can switch paths.
  const bool byBits = width <= kBitwiseWidth && std::getenv("COMET_CAP_RADIX") == nullptr;
  at::parallel_for(0, rows, std::max<int64_t>(1, 16384 / width), [&](int64_t begin, int64_t end) {
    if (byBits) {
      std::vector<int32_t> keys(static_cast<size_t>(4 * width));  // four rows at once (AVX-512)
      rowsByBits()(in, mask, width, k, begin, end, keys.data());
      return;
    }
    std::vector<uint32_t> keys(static_cast<size_t>(width)), buffer(static_cast<size_t>(width));
    for (int64_t r = begin; r < end; ++r) {
      const float* x = in + r * width;
      float* y = mask + r * width;
      for (int64_t i = 0; i < width; ++i) keys[static_cast<size_t>(i)] = orderedKey(x[i]);
      const uint32_t kth = kthLargestKey(keys.data(), width, k, buffer.data());
      for (auto& key : keys) key ^= 0x80000000u;  // to the signed keys markRow compares
      markRow(reinterpret_cast<const int32_t*>(keys.data()), width, k, static_cast<int32_t>(kth ^ 0x80000000u), y);
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
