// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/ExampleMasks.h"

#include <torch/torch.h>

#include "core/util/SplitMix.h"

namespace comet {

double hashUniform(uint64_t seed, uint64_t salt, uint64_t layer, uint64_t example, uint64_t neuron) {
  uint64_t h = splitmix64(seed ^ splitmix64(salt));
  h = splitmix64(h ^ layer);
  h = splitmix64(h ^ example);
  h = splitmix64(h ^ neuron);
  return static_cast<double>(h >> 11) * 0x1.0p-53;  // 53 random bits -> [0, 1)
}

torch::Tensor exampleMasks(uint64_t seed, uint64_t salt, size_t layer, const torch::Tensor& indices,
                           int64_t width, double p, int64_t firstAlwaysOn) {
  const auto idx = indices.to(torch::kLong).contiguous();
  const int64_t batch = idx.numel();
  const int64_t* ip = idx.data_ptr<int64_t>();
  auto m = torch::empty({batch, width}, torch::kFloat32);
  float* dst = m.data_ptr<float>();
  for (int64_t b = 0; b < batch; ++b) {
    TORCH_CHECK(ip[b] >= 0, "exampleMasks: negative example index ", ip[b]);
    // The per-example prefix of the hash is computed once per row.
    const uint64_t row = splitmix64(splitmix64(splitmix64(seed ^ splitmix64(salt)) ^ layer) ^ static_cast<uint64_t>(ip[b]));
    for (int64_t j = 0; j < width; ++j) {
      const double u = static_cast<double>(splitmix64(row ^ static_cast<uint64_t>(j)) >> 11) * 0x1.0p-53;
      dst[b * width + j] = (j < firstAlwaysOn || u < p) ? 1.0f : 0.0f;
    }
  }
  return m;
}

uint64_t drawMaskSeed() {
  return static_cast<uint64_t>(torch::randint(0, INT64_MAX, {1}, torch::kLong).item<int64_t>());
}

}  // namespace comet
