// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/gates/Gate.h"

namespace comet {

// Hash routing (Roller et al. 2021; a baseline of COMET's paper): k = 1, no
// parameters. The expert of an example is a seeded 64-bit hash (FNV-1a over the
// bytes, then the splitmix64 finaliser) of its input features as float32, modulo n:
// a fixed function of the example, whatever batch or position it is in, in training
// and in evaluation. The output is one-hot. -0.0 and +0.0 hash alike.
class HashGate : public GateImpl {
 public:
  HashGate(int64_t experts, uint64_t seed);
  torch::Tensor forward(const torch::Tensor& x, const GateContext& ctx) override;
  // [batch] int64 expert of each row.
  torch::Tensor experts(const torch::Tensor& x) const;

 private:
  int64_t m_experts;
  uint64_t m_seed;
};

}  // namespace comet
