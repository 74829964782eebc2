// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/CifarReader.h"

#include <torch/torch.h>

#include <cstring>

#include "core/data/ByteSource.h"
#include "core/data/Formats.h"
#include "core/util/Error.h"

namespace comet {

std::pair<torch::Tensor, torch::Tensor> readCifar(const std::vector<std::string>& files, CifarFormat format) {
  constexpr size_t kPixels = 3 * 32 * 32;
  const size_t record = static_cast<size_t>(format.labelBytes) + kPixels;
  std::vector<torch::Tensor> images;
  std::vector<torch::Tensor> labels;
  for (const auto& path : files) {
    const std::string bytes = readFileBytes(path);
    const auto parsed = parseCifarLabels(bytes, path, format.labelBytes, format.numClasses);
    const auto n = static_cast<int64_t>(parsed.size());
    auto x = torch::empty({n, 3, 32, 32}, torch::kUInt8);
    auto y = torch::tensor(parsed, torch::kLong);
    auto* px = x.data_ptr<uint8_t>();
    for (int64_t i = 0; i < n; ++i)
      std::memcpy(px + static_cast<size_t>(i) * kPixels,
                  bytes.data() + static_cast<size_t>(i) * record + static_cast<size_t>(format.labelBytes), kPixels);
    images.push_back(x);
    labels.push_back(y);
  }
  return {torch::cat(images), torch::cat(labels)};
}

}  // namespace comet
