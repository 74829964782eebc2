// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/gates/DSelectKGate.h"

#include <torch/torch.h>

#include <limits>

#include "core/model/FastLinear.h"
#include "core/model/gates/GateMath.h"
#include "core/model/gates/SmoothStep.h"

namespace comet {

namespace {
int64_t ceilLog2(int64_t n) {
  int64_t m = 0;
  while ((int64_t{1} << m) < n) ++m;
  return m;
}
}  // namespace

DSelectKGate::DSelectKGate(int64_t inputs, int64_t experts, int64_t k, double gamma, double entropyLambda)
    : m_experts(experts),
      m_k(k),
      m_bits(ceilLog2(experts)),
      m_gamma(gamma),
      m_entropyLambda(entropyLambda),
      m_saturation(std::numeric_limits<double>::quiet_NaN()) {
  const double u = gamma / 100;
  m_unitWeight = register_parameter("unit_weight", torch::empty({k * m_bits, inputs}).uniform_(-u, u));
  m_unitBias = register_parameter("unit_bias", torch::empty({k * m_bits}).uniform_(-u, u));
  m_mixWeight = register_parameter("mix_weight", torch::empty({k, inputs}).uniform_(-0.05, 0.05));
  m_mixBias = register_parameter("mix_bias", torch::empty({k}).uniform_(-0.05, 0.05));
  const int64_t codes = int64_t{1} << m_bits;
  auto bits = torch::zeros({codes, m_bits});
  for (int64_t j = 0; j < codes; ++j)
    for (int64_t t = 0; t < m_bits; ++t) bits[j][t] = static_cast<double>((j >> (m_bits - 1 - t)) & 1);
  m_codes = register_buffer("codes", bits);
}

torch::Tensor DSelectKGate::selectorProbabilities(const torch::Tensor& x) {
  if (m_bits == 0) return torch::ones({x.size(0), m_k, 1}, x.options());  // one expert, one code
  const auto s = smoothStep(fastLinear(x, m_unitWeight, m_unitBias), m_gamma).view({x.size(0), m_k, 1, m_bits});
  m_saturation = saturatedFraction(s);
  const auto bits = m_codes.to(s.dtype()).view({1, 1, m_codes.size(0), m_bits});
  // A product, not exp(sum log): a saturated unit gives an exact 0 factor.
  return (bits * s + (1 - bits) * (1 - s)).prod(3);  // [batch, k, 2^m]
}

torch::Tensor DSelectKGate::forward(const torch::Tensor& x, const GateContext&) {
  const auto r = selectorProbabilities(x);
  const auto alpha = torch::softmax(fastLinear(x, m_mixWeight, m_mixBias), 1);  // [batch, k]
  auto g = (alpha.unsqueeze(2) * r).sum(1);                                     // [batch, 2^m]
  const bool padded = g.size(1) > m_experts;
  if (padded) {
    const int64_t half = g.size(1) / 2, invalid = g.size(1) - m_experts;
    const auto valid = g.narrow(1, 0, m_experts);
    const auto mass = valid.sum(1, true);
    const auto some = mass > 0;
    // The fallback folds code j >= n onto expert j - 2^(m-1) (its top bit cleared,
    // always < n): the row keeps at most k non-zeros.
    const auto folded = valid + torch::cat({torch::zeros({g.size(0), m_experts - half}, g.options()),
                                            g.narrow(1, m_experts, invalid),
                                            torch::zeros({g.size(0), m_experts - half}, g.options())},
                                           1);
    g = torch::where(some, valid / torch::where(some, mass, torch::ones_like(mass)), folded);
  }
  if (is_training()) {
    torch::Tensor p;
    if (m_entropyLambda > 0) p = m_entropyLambda * entropy(r, 2).sum(1).mean();
    if (padded) {
      const auto invalid = r.narrow(2, m_experts, r.size(2) - m_experts).sum({1, 2}).mean();
      p = p.defined() ? p + invalid : invalid;
    }
    m_penalty = p;
  }
  return g;
}

}  // namespace comet
