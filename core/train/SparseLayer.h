// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

#include "core/model/MaskCache.h"
#include "core/train/SparseStep.h"

// The layers of a sparse step (SparseStep.h): one fully connected layer's active
// entries for the batch, and its forward and backward products, row by row or as
// GEMMs (SparseProduct). SparseStep.cpp strings them together.
namespace comet::sparse {

// One layer's active entries for the batch: entry p is neuron index[p] of example
// example[p]; byRow lists the entries of each neuron (rowStart: N + 1 offsets).
struct Entries {
  const std::vector<int64_t>* offset = nullptr;
  const std::vector<int32_t>* index = nullptr;
  std::vector<uint16_t> index16;  // index as 16 bits, for the gathers above (narrow: width <= 65536)
  std::vector<int32_t> example;
  std::vector<int64_t> rowStart;
  std::vector<int64_t> byRow;
  std::vector<float> z, h, dz, delta;  // dz: f'(z)

  // byRows: also the entries of each neuron (the products that run row by row);
  // narrow: also index16 (the layer above gathers over these entries).
  void build(const MaskCache::ActiveLists& a, int64_t width, bool byRows, bool narrow) {
    offset = &a.offset;
    index = &a.index;
    if (narrow && width <= 65536)
      index16.assign(a.index.begin(), a.index.end());
    else
      index16.clear();
    const int64_t total = static_cast<int64_t>(a.index.size());
    const int64_t batch = static_cast<int64_t>(a.offset.size()) - 1;
    z.assign(static_cast<size_t>(total), 0.0f);
    h.assign(static_cast<size_t>(total), 0.0f);
    dz.assign(static_cast<size_t>(total), 0.0f);
    delta.assign(static_cast<size_t>(total), 0.0f);
    if (!byRows) return;
    example.resize(static_cast<size_t>(total));
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t p = a.offset[b]; p < a.offset[b + 1]; ++p) example[p] = static_cast<int32_t>(b);
    rowStart.assign(static_cast<size_t>(width + 1), 0);
    for (int32_t j : a.index) ++rowStart[static_cast<size_t>(j) + 1];
    for (int64_t r = 0; r < width; ++r) rowStart[r + 1] += rowStart[r];
    byRow.resize(static_cast<size_t>(total));
    std::vector<int64_t> fill(rowStart.begin(), rowStart.end() - 1);
    for (int64_t p = 0; p < total; ++p) byRow[fill[a.index[p]]++] = p;
  }
  int64_t begin(int64_t b) const { return (*offset)[b]; }
  int64_t end(int64_t b) const { return (*offset)[b + 1]; }
  int64_t examples() const { return static_cast<int64_t>(offset->size()) - 1; }
  // values (one per entry) into a [batch, width] matrix at the entries' places;
  // the other places are left as they are.
  void toDense(const std::vector<float>& values, float* dense, int64_t width) const;
  // values[p] = dense[example, neuron] of entry p.
  void fromDense(const float* dense, int64_t width, std::vector<float>& values) const;
};

// One layer, z = W x + b with W [N, in] row-major.
struct Layer {
  SparseProduct product = SparseProduct::ColumnDense;
  Entries entries;
  float* W = nullptr;
  float* B = nullptr;
  int64_t in = 0, N = 0;
  const float* input = nullptr;    // [batch, in], zeros off the mask (null for gathers)
  const Entries* below = nullptr;  // the layer below's entries (null for the first layer)
};

// z at every active entry (into entries.z).
void forward(Layer& layer, int64_t batch);

// The gradient with respect to the layer's input, in buffers to be summed: laid out
// like the layer below's entries (compact, after gathers) or as [batch, in].
struct InputGradient {
  std::vector<std::vector<float>> buffers;
  bool compact = false;
};

// From the entries' delta (dLoss/dz): the input gradient from the old weights (when
// wanted), then the SGD step on the weights and biases the entries touch.
InputGradient backward(Layer& layer, int64_t batch, float lr, bool wantInput);

}  // namespace comet::sparse
