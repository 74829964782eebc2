// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/MaskCache.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstring>

namespace comet {

MaskCache::MaskCache(int64_t examples, std::vector<int64_t> widths)
    : m_examples(examples), m_widths(std::move(widths)) {
  for (auto w : m_widths) {
    m_rowBytes.push_back((w + 7) / 8);
    m_bits.emplace_back(static_cast<size_t>(examples * m_rowBytes.back()), 0);
  }
}

void MaskCache::store(int64_t first, const std::vector<torch::Tensor>& masks) {
  TORCH_CHECK(masks.size() == m_widths.size(), "MaskCache: expected one mask per layer");
  for (size_t l = 0; l < masks.size(); ++l) {
    const auto m = (masks[l] != 0).to(torch::kUInt8).contiguous();
    const int64_t rows = m.size(0), width = m_widths[l], rowBytes = m_rowBytes[l];
    TORCH_CHECK(m.size(1) == width && first >= 0 && first + rows <= m_examples, "MaskCache: mask out of range");
    const uint8_t* src = m.data_ptr<uint8_t>();
    uint8_t* dst = m_bits[l].data() + first * rowBytes;
    for (int64_t r = 0; r < rows; ++r) {
      uint8_t* row = dst + r * rowBytes;
      std::fill(row, row + rowBytes, 0);
      for (int64_t j = 0; j < width; ++j)
        if (src[r * width + j]) row[j >> 3] |= static_cast<uint8_t>(1u << (j & 7));
    }
  }
}

std::vector<torch::Tensor> MaskCache::lookup(const torch::Tensor& indices) const {
  const auto idx = indices.to(torch::kLong).contiguous();
  const int64_t batch = idx.numel();
  const int64_t* ip = idx.data_ptr<int64_t>();
  std::vector<torch::Tensor> out;
  for (size_t l = 0; l < m_widths.size(); ++l) {
    const int64_t width = m_widths[l], rowBytes = m_rowBytes[l];
    auto m = torch::empty({batch, width}, torch::kFloat32);
    float* dst = m.data_ptr<float>();
    for (int64_t b = 0; b < batch; ++b) {
      TORCH_CHECK(ip[b] >= 0 && ip[b] < m_examples, "MaskCache: example index ", ip[b], " out of range");
      const uint8_t* row = m_bits[l].data() + ip[b] * rowBytes;
      for (int64_t j = 0; j < width; ++j) dst[b * width + j] = (row[j >> 3] >> (j & 7)) & 1u ? 1.0f : 0.0f;
    }
    out.push_back(m);
  }
  return out;
}

std::vector<MaskCache::ActiveLists> MaskCache::active(const torch::Tensor& indices) const {
  const auto idx = indices.to(torch::kLong).contiguous();
  const int64_t batch = idx.numel();
  const int64_t* ip = idx.data_ptr<int64_t>();
  std::vector<ActiveLists> out(m_widths.size());
  for (size_t l = 0; l < m_widths.size(); ++l) {
    const int64_t width = m_widths[l], rowBytes = m_rowBytes[l];
    ActiveLists& a = out[l];
    a.offset.assign(static_cast<size_t>(batch + 1), 0);
    // The row 64 bits at a time; bits at or beyond the width are never set
    // (store), but are not trusted.
    const int64_t words = (rowBytes + 7) / 8;
    const auto wordAt = [&](const uint8_t* row, int64_t w) {
      uint64_t v = 0;
      std::memcpy(&v, row + w * 8, static_cast<size_t>(std::min<int64_t>(8, rowBytes - w * 8)));
      const int64_t valid = width - w * 64;
      return valid >= 64 ? v : v & ((uint64_t{1} << valid) - 1);
    };
    for (int64_t b = 0; b < batch; ++b)
      TORCH_CHECK(ip[b] >= 0 && ip[b] < m_examples, "MaskCache: example index ", ip[b], " out of range");
    // Each example's count (in parallel), then the offsets.
    at::parallel_for(0, batch, 16, [&](int64_t b0, int64_t b1) {
      for (int64_t b = b0; b < b1; ++b) {
        const uint8_t* row = m_bits[l].data() + ip[b] * rowBytes;
        int64_t count = 0;
        for (int64_t w = 0; w < words; ++w) count += __builtin_popcountll(wordAt(row, w));
        a.offset[static_cast<size_t>(b + 1)] = count;
      }
    });
    for (int64_t b = 0; b < batch; ++b) a.offset[static_cast<size_t>(b + 1)] += a.offset[static_cast<size_t>(b)];
    a.index.resize(static_cast<size_t>(a.offset.back()));
    at::parallel_for(0, batch, 16, [&](int64_t b0, int64_t b1) {
      for (int64_t b = b0; b < b1; ++b) {
        const uint8_t* row = m_bits[l].data() + ip[b] * rowBytes;
        int32_t* out = a.index.data() + a.offset[static_cast<size_t>(b)];
        for (int64_t w = 0; w < words; ++w)
          for (uint64_t bits = wordAt(row, w); bits != 0; bits &= bits - 1)
            *out++ = static_cast<int32_t>(w * 64 + __builtin_ctzll(bits));
      }
    });
  }
  return out;
}

}  // namespace comet
