// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

namespace comet {

// A CSV dataset as tensors: the feature columns and one target column of a
// numeric table with a header row (tokenised by CsvRows, core/data/Formats.h).
struct CsvDataset {
  std::vector<std::string> featureNames;
  std::string targetName;
  torch::Tensor features;  // [rows, features] float32
  torch::Tensor target;    // [rows, 1] float32
};

// Reads a comma-separated table (a header row of names, then numbers). `target`
// names the target column; empty means the last column. A row with the wrong
// number of fields or a cell that is not a number is a DataError naming the line
// and column.
CsvDataset readCsvDataset(const std::string& path, const std::string& target);

}  // namespace comet
