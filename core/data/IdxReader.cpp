// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/IdxReader.h"

#include <torch/torch.h>

#include <cstring>
#include <sstream>

#include "core/data/ByteSource.h"
#include "core/util/Error.h"

namespace comet {
namespace {

std::string hex(unsigned v) {
  std::ostringstream os;
  os << "0x" << std::hex << std::uppercase;
  os.width(8);
  os.fill('0');
  os << v;
  return os.str();
}

// Checks header and payload size; returns the dimensions.
std::vector<int64_t> readHeader(const std::string& bytes, const std::string& path, unsigned magic,
                                size_t dims, const char* what) {
  const size_t header = 4 + 4 * dims;
  if (bytes.size() >= 4) {
    const unsigned found = readBigEndian32(bytes, 0);
    if (found != magic)
      throw DataError(path + ": byte offset 0: wrong magic number " + hex(found) + " for an IDX " + what +
                      " file (expected " + hex(magic) + ")");
  }
  if (bytes.size() < header)
    throw DataError(path + ": truncated IDX " + what + " file: the header needs " + std::to_string(header) +
                    " bytes, the file has " + std::to_string(bytes.size()));
  std::vector<int64_t> shape;
  uint64_t payload = 1;
  for (size_t d = 0; d < dims; ++d) {
    shape.push_back(readBigEndian32(bytes, 4 + 4 * d));
    payload *= static_cast<uint64_t>(shape.back());
  }
  const uint64_t have = bytes.size() - header;
  if (have < payload)
    throw DataError(path + ": truncated IDX " + what + " file: the header declares " + std::to_string(payload) +
                    " data bytes, the file ends at byte offset " + std::to_string(bytes.size()) + " after " +
                    std::to_string(have));
  if (have > payload)
    throw DataError(path + ": IDX " + what + " file has " + std::to_string(have - payload) +
                    " unexpected bytes after the data, from byte offset " + std::to_string(header + payload));
  return shape;
}

}  // namespace

torch::Tensor readIdxImages(const std::string& path) {
  const std::string bytes = readFileBytes(path);
  const auto shape = readHeader(bytes, path, 0x00000803u, 3, "images");
  auto t = torch::empty(shape, torch::kUInt8);
  std::memcpy(t.data_ptr<uint8_t>(), bytes.data() + 16, static_cast<size_t>(t.numel()));
  return t;
}

torch::Tensor readIdxLabels(const std::string& path) {
  const std::string bytes = readFileBytes(path);
  const auto shape = readHeader(bytes, path, 0x00000801u, 1, "labels");
  auto t = torch::empty(shape, torch::kUInt8);
  std::memcpy(t.data_ptr<uint8_t>(), bytes.data() + 8, static_cast<size_t>(t.numel()));
  return t.to(torch::kLong);
}

std::pair<torch::Tensor, torch::Tensor> readIdxPair(const std::string& images, const std::string& labels) {
  auto x = readIdxImages(images);
  auto y = readIdxLabels(labels);
  if (x.size(0) != y.size(0))
    throw DataError(labels + ": holds " + std::to_string(y.size(0)) + " labels but " + images + " holds " +
                    std::to_string(x.size(0)) + " images; the counts must match");
  return {x, y};
}

}  // namespace comet
