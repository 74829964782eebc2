// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/gates/Gate.h"

namespace comet {

// DSelect-k, per-example (Hazimeh et al. 2021): k selectors, each of
// m = ceil(log2 n) smooth-step units z_qt(x) = S(u_qt . x + v_qt); selector q picks
// binary code j with r_qj = prod_t (S_qt if bit t of j else 1 - S_qt), a
// distribution over 2^m codes. Mixing weights alpha = softmax(A x + c) over the k
// selectors; g_j = sum_q alpha_q r_qj. Once every unit saturates each selector is
// one code, so at most k experts are non-zero.
//
// Regularisers (penalty(), training mode): entropyLambda * mean over the batch of
// sum_q H(r_q), which drives the units to saturate; and when n is not a power of
// two, mean over the batch of sum_q sum_{j >= n} r_qj, the selectors' mass on codes
// that name no expert, with weight 1 (as a constraint, not a tuning knob). The
// output keeps the n valid codes and renormalises; a row whose whole mass is on
// invalid codes (only possible once saturated there) cannot be renormalised, and
// instead sends code j >= n to expert j - 2^(m-1) (j with its top bit cleared), so
// it still sums to 1 with at most k non-zeros.
//
// Init: the units U(-gamma/100, gamma/100) (weights and biases, so every S starts
// near 1/2), the mixing layer U(-0.05, 0.05), as DSelect-k's code.
class DSelectKGate : public GateImpl {
 public:
  DSelectKGate(int64_t inputs, int64_t experts, int64_t k, double gamma, double entropyLambda);
  torch::Tensor forward(const torch::Tensor& x, const GateContext& ctx) override;
  torch::Tensor penalty() override { return m_penalty; }
  double saturation() const override { return m_saturation; }

  // [batch, k, 2^m] selector distributions r_q over the codes.
  torch::Tensor selectorProbabilities(const torch::Tensor& x);
  int64_t codeBits() const { return m_bits; }

 private:
  int64_t m_experts, m_k, m_bits;
  double m_gamma, m_entropyLambda;
  torch::Tensor m_unitWeight;  // [k * m, inputs]
  torch::Tensor m_unitBias;    // [k * m]
  torch::Tensor m_mixWeight;   // [k, inputs]
  torch::Tensor m_mixBias;     // [k]
  torch::Tensor m_codes;       // buffer [2^m, m], bit t of code j (most significant first)
  torch::Tensor m_penalty;
  double m_saturation;
};

}  // namespace comet
