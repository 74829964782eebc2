// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/gates/HashGate.h"

#include <torch/torch.h>

namespace comet {

namespace {

uint64_t hashBytes(const unsigned char* p, size_t n, uint64_t seed) {
  uint64_t h = 1469598103934665603ULL ^ (seed * 0x9E3779B97F4A7C15ULL);
  for (size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 1099511628211ULL;
  }
  // splitmix64's finaliser: FNV's low bits are weak, and we take h mod n.
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBULL;
  return h ^ (h >> 31);
}

}  // namespace

HashGate::HashGate(int64_t experts, uint64_t seed) : m_experts(experts), m_seed(seed) {}

torch::Tensor HashGate::experts(const torch::Tensor& x) const {
  // + 0.0 turns -0.0 into +0.0, so the two zeros (equal as features) hash alike.
  const auto rows = (x.detach().to(torch::kCPU, torch::kFloat).reshape({x.size(0), -1}) + 0.0).contiguous();
  const int64_t batch = rows.size(0), width = rows.size(1);
  auto out = torch::empty({batch}, torch::kLong);
  const auto* data = reinterpret_cast<const unsigned char*>(rows.data_ptr<float>());
  auto* e = out.data_ptr<int64_t>();
  const size_t bytes = static_cast<size_t>(width) * sizeof(float);
  for (int64_t b = 0; b < batch; ++b)
    e[b] = static_cast<int64_t>(hashBytes(data + static_cast<size_t>(b) * bytes, bytes, m_seed) %
                                static_cast<uint64_t>(m_experts));
  return out;
}

torch::Tensor HashGate::forward(const torch::Tensor& x, const GateContext&) {
  return torch::one_hot(experts(x), m_experts).to(x.options());
}

}  // namespace comet
