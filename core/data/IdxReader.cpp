// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/IdxReader.h"

#include <torch/torch.h>

#include <cstring>

#include "core/data/ByteSource.h"
#include "core/data/Formats.h"
#include "core/util/Error.h"

namespace comet {

torch::Tensor readIdxImages(const std::string& path) {
  const std::string bytes = readFileBytes(path);
  const auto shape = parseIdx(bytes, path, 0x00000803u, 3, "images");
  auto t = torch::empty(shape, torch::kUInt8);
  std::memcpy(t.data_ptr<uint8_t>(), bytes.data() + 16, static_cast<size_t>(t.numel()));
  return t;
}

torch::Tensor readIdxLabels(const std::string& path) {
  const std::string bytes = readFileBytes(path);
  const auto shape = parseIdx(bytes, path, 0x00000801u, 1, "labels");
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
