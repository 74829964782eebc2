// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace comet {

// Binary masks of a fixed set of examples, one bit per neuron, looked up by
// example index. COMET's routing depends only on the input, so a training
// example's masks never change; caching them takes the routing network off every
// training step after a single pass over the training split (48,000 examples x
// 3 layers x 1000 neurons = 18 MB).
class MaskCache {
 public:
  MaskCache() = default;
  MaskCache(int64_t examples, std::vector<int64_t> widths);

  bool empty() const { return m_examples == 0; }
  int64_t examples() const { return m_examples; }

  // Stores the masks (any dtype, nonzero = on) of examples first..first+rows-1.
  void store(int64_t first, const std::vector<torch::Tensor>& masks);
  // The masks of `indices` ([batch] int64) as float32 0/1 tensors, one per layer.
  std::vector<torch::Tensor> lookup(const torch::Tensor& indices) const;

  // The same masks as lists of active neurons, per layer: example b's are
  // index[offset[b] .. offset[b+1]), ascending (sparse execution).
  struct ActiveLists {
    std::vector<int64_t> offset;  // batch + 1
    std::vector<int32_t> index;
  };
  std::vector<ActiveLists> active(const torch::Tensor& indices) const;

 private:
  int64_t m_examples = 0;
  std::vector<int64_t> m_widths;
  std::vector<int64_t> m_rowBytes;
  std::vector<std::vector<uint8_t>> m_bits;  // per layer, [examples x rowBytes]
};

}  // namespace comet
