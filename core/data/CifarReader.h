// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

namespace comet {

// The CIFAR binary format. Each record is the label byte(s) followed by 3072 pixel
// bytes (1024 red, 1024 green, 1024 blue, row-major 32x32). CIFAR-10 records have
// one label byte (0-9); CIFAR-100 records have a coarse (0-19) and a fine (0-99)
// label byte, and the fine label is used.
struct CifarFormat {
  int labelBytes;   // 1 for CIFAR-10, 2 for CIFAR-100
  int numClasses;   // 10 or 100
  static CifarFormat cifar10() { return {1, 10}; }
  static CifarFormat cifar100() { return {2, 100}; }
};

// Reads one or more batch files into uint8 images [n, 3, 32, 32] and int64 labels
// [n]. A file whose size is not a whole number of records, or a label out of range,
// is a DataError naming the file and byte offset.
std::pair<torch::Tensor, torch::Tensor> readCifar(const std::vector<std::string>& files, CifarFormat format);

}  // namespace comet
