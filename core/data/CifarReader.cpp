// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/CifarReader.h"

#include <torch/torch.h>

#include <cstring>

#include "core/data/ByteSource.h"
#include "core/util/Error.h"

namespace comet {

std::pair<torch::Tensor, torch::Tensor> readCifar(const std::vector<std::string>& files, CifarFormat format) {
  constexpr size_t kPixels = 3 * 32 * 32;
  const size_t record = static_cast<size_t>(format.labelBytes) + kPixels;
  std::vector<torch::Tensor> images;
  std::vector<torch::Tensor> labels;
  for (const auto& path : files) {
    const std::string bytes = readFileBytes(path);
    if (bytes.empty()) throw DataError(path + ": the CIFAR batch file is empty");
    if (bytes.size() % record != 0)
      throw DataError(path + ": truncated or corrupt CIFAR file: " + std::to_string(bytes.size()) +
                      " bytes is not a whole number of " + std::to_string(record) +
                      "-byte records; the last record starts at byte offset " +
                      std::to_string(bytes.size() / record * record));
    const int64_t n = static_cast<int64_t>(bytes.size() / record);
    auto x = torch::empty({n, 3, 32, 32}, torch::kUInt8);
    auto y = torch::empty({n}, torch::kLong);
    auto* px = x.data_ptr<uint8_t>();
    auto* py = y.data_ptr<int64_t>();
    for (int64_t i = 0; i < n; ++i) {
      const size_t offset = static_cast<size_t>(i) * record;
      const size_t labelAt = offset + static_cast<size_t>(format.labelBytes) - 1;
      const int label = static_cast<unsigned char>(bytes[labelAt]);
      if (label >= format.numClasses)
        throw DataError(path + ": byte offset " + std::to_string(labelAt) + " (record " + std::to_string(i) +
                        "): label " + std::to_string(label) + " is out of range; expected 0-" +
                        std::to_string(format.numClasses - 1) + " (is this the right CIFAR variant?)");
      py[i] = label;
      std::memcpy(px + static_cast<size_t>(i) * kPixels, bytes.data() + offset + format.labelBytes, kPixels);
    }
    images.push_back(x);
    labels.push_back(y);
  }
  return {torch::cat(images), torch::cat(labels)};
}

}  // namespace comet
