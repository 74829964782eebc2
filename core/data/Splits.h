// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <utility>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/data/Dataset.h"

namespace comet {

// The pieces the loaders share: picking rows, splitting, normalising.

// The rows `idx` of `d`, in that order.
Dataset takeRows(const Dataset& d, const std::vector<int64_t>& idx);

// Scales images [n, C, H, W] (uint8, or float pixel sums) by 1/255 and normalises
// each channel with data.mean/data.std; returns features [n, C*H*W].
torch::Tensor normaliseImages(const torch::Tensor& images, const DataConfig& c);

// A table's rows split three ways (the CSV layout): a seeded data.test_fraction of
// the rows for test, then at most data.train_subset of the rest, of which the last
// data.val_fraction are validation.
struct RowSplit {
  std::vector<int64_t> train, val, test;
};
RowSplit tableSplit(int64_t rows, const DataConfig& c, uint64_t seed);

// Splits `order` (indices into `labels` [n] int64, already shuffled) into training
// and validation so that each class keeps its share: floor(|order| * valFraction)
// validation examples, shared out by class in proportion to the class's count (the
// round-off goes to the classes with the largest remainders, then the lower class
// ids). Each class's first examples in `order` go to validation; both parts keep
// the order of `order`.
std::pair<std::vector<int64_t>, std::vector<int64_t>> stratifiedSplit(const std::vector<int64_t>& order,
                                                                      const torch::Tensor& labels,
                                                                      double valFraction);

// Standardises the features of every split with the training split's mean and
// standard deviation, column by column; where `scaled` [features] bool is given,
// only the columns it marks (one-hot columns stay 0/1).
void standardiseFeatures(DataSplits& s, const torch::Tensor& scaled = {});

}  // namespace comet
