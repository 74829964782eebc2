// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/data/Dataset.h"

namespace comet {

// MultiFashionMNIST (Ibrahim et al., KDD 2023; docs/config.md, "Multi-task data"): two
// Fashion-MNIST items on one 36x36 canvas, one classification task for each.

// Fashion-MNIST's ten class names, in label order.
const std::vector<std::string>& fashionMnistClasses();

constexpr int64_t kMultiFashionItem = 28;    // the source images' side
constexpr int64_t kMultiFashionShift = 8;    // the bottom-right item starts at row and column 8
constexpr int64_t kMultiFashionCanvas = 36;  // kMultiFashionItem + kMultiFashionShift

// The canvases of one split. Source image i lies at the top-left (rows and columns
// 0-27) of examples 2i and 2i+1; each time a seeded random other image of the same
// split (never i itself; the two partners drawn independently) lies at the
// bottom-right (rows and columns 8-35). Where they overlap (rows and columns 8-27)
// the pixels add up without clipping, 0 to 510, as in the published construction.
struct OverlaidImages {
  torch::Tensor canvases;         // [2n, 1, 36, 36] float32 pixel sums
  torch::Tensor labels;           // [2n, 2] int64: the top-left item's label, the bottom-right one's
  std::vector<int64_t> partners;  // [2n]: the source index at the bottom-right
};
// `images` [n, 28, 28] uint8, `labels` [n] int64, n >= 2.
OverlaidImages overlayPairs(const torch::Tensor& images, const torch::Tensor& labels, uint64_t seed);

// The three splits from the four IDX tensors. The training images (a seeded
// data.train_subset of them, if set) are split into training and validation,
// stratified by label, data.val_fraction to validation; the test images (the first
// data.test_subset, if set) stay in order. Each split is then overlaid on its own
// (overlayPairs), so it has twice as many examples as source images and no image
// appears in two splits. Features are 1296 pixels scaled by 1/255 and normalised
// with data.mean/data.std; y is [n, 2] float32, the tasks `top_left` and
// `bottom_right`. Images other than 28x28 are a DataError.
DataSplits buildMultiFashion(const torch::Tensor& trainImages, const torch::Tensor& trainLabels,
                             const torch::Tensor& testImages, const torch::Tensor& testLabels, const DataConfig& c,
                             uint64_t seed);

}  // namespace comet
