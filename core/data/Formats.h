// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace comet {

// The byte-level parsers behind the IDX, CIFAR and CSV readers, on bytes already in
// memory and without torch, so that fuzzers and tests can drive them directly.
// `origin` names the bytes in messages (a path). All throw DataError with the byte
// offset or line and what was expected.

// Checks an IDX header (magic, `dims` sizes) and that the payload is exactly the
// declared size; returns the sizes. The payload starts at 4 + 4 * dims.
std::vector<int64_t> parseIdx(const std::string& bytes, const std::string& origin, unsigned magic, size_t dims,
                              const char* what);

// Checks that `bytes` is a whole number of CIFAR records with labels in range and
// returns the labels (the pixels of record i start at i * record + labelBytes).
std::vector<int64_t> parseCifarLabels(const std::string& bytes, const std::string& origin, int labelBytes,
                                      int numClasses);

struct CsvValues {
  std::vector<std::string> header;
  size_t targetColumn = 0;
  size_t rows = 0;
  std::vector<float> values;  // rows x header.size(), row-major
};
CsvValues parseCsv(const std::string& bytes, const std::string& origin, const std::string& target);

}  // namespace comet
