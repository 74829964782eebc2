// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

// Small files in the real formats, written by the tests themselves.
namespace comet::testing {

void writeBytes(const std::string& path, const std::string& bytes, bool gzip = false);
// The whole file (empty when it cannot be read).
std::string readBytes(const std::string& path);
std::string bigEndian32(uint32_t v);
// IDX images [n, rows, cols] with pixel (i, r, c) = (i + r + c) % 256, and labels i % 10.
std::string idxImages(int n, int rows, int cols);
std::string idxLabels(int n, int classes = 10);
// A folder with the four MNIST-layout files (train n, test m images of 28x28).
void writeIdxFolder(const std::string& dir, int trainN, int testN, bool gzip);
// CIFAR records: label byte(s) then 3072 pixels; pixel value (i * 7 + j) % 256.
std::string cifarRecords(int n, int labelBytes, int classes);

const std::string kFashionRoot = "/usr/share/datasets/fashion-mnist";

}  // namespace comet::testing
