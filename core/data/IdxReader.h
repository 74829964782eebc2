// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <string>

namespace comet {

// The IDX format of MNIST and Fashion-MNIST, gzipped or not.
// Images: magic 0x00000803, count, rows, cols, then count*rows*cols bytes -> uint8
// [count, rows, cols]. Labels: magic 0x00000801, count, then count bytes -> int64
// [count]. Wrong magic numbers, truncated data and trailing bytes are DataErrors
// that name the file and the byte offset.
torch::Tensor readIdxImages(const std::string& path);
torch::Tensor readIdxLabels(const std::string& path);

// Reads an images/labels pair and checks that the counts match.
std::pair<torch::Tensor, torch::Tensor> readIdxPair(const std::string& images, const std::string& labels);

}  // namespace comet
