// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

#include "core/model/gates/Gate.h"

namespace comet {

// Permutation local search around any gate (COMET's "+" variants): a learnable
// n x n matrix Theta permutes the inner gate's output, out = g P, so that
// out[:, sigma(i)] = g[:, i] for a hard permutation sigma.
//
// In training mode while ctx.epoch < localSearchEpochs (the Sinkhorn phase),
// P = sinkhorn(Theta, tau,
// iterations) with progress p = epoch / localSearchEpochs, tau = 1e-3 * 1e-4^p
// (geometric, 1e-3 down to 1e-7) and iterations = round(20 + 130 p) (linear, 20 up
// to 150): a doubly-stochastic relaxation that Theta learns through. Afterwards,
// and in eval mode always, P is the hard permutation maxAssignment(Theta): the model
// that is evaluated, probed or deployed is the sparse one the phase anneals
// towards, whatever epoch the caller passes (ForwardContext{} has epoch 0). It is
// recomputed from the parameter at
// each forward (so a resumed checkpoint gives the same one) and applied as a column
// gather: an exact permutation of g, with no gradient to Theta.
//
// Theta starts U(-1e-3, 1e-3), i.e. logits Theta / tau in (-1, 1) at the first
// tau: a soft relaxation with O(1) logit gaps, so Sinkhorn is neither uniform nor
// already hard and Theta's gradient is informative; the 10^4-fold fall of tau over
// the phase then sharpens the same Theta towards its Hungarian permutation, so the
// switch at the end of the phase is nearly continuous. (The published code draws
// Theta from Keras' default U(-0.05, 0.05): logit gaps of up to 100 at tau = 1e-3,
// hard from the start.) No Gumbel noise is added (the published code's noise_factor).
class PermutedGate : public GateImpl {
 public:
  PermutedGate(Gate inner, int64_t experts, double localSearchEpochs);
  torch::Tensor forward(const torch::Tensor& x, const GateContext& ctx) override;
  torch::Tensor penalty() override { return m_inner->penalty(); }
  double saturation() const override { return m_inner->saturation(); }

  Gate inner() const { return m_inner; }
  const torch::Tensor& theta() const { return m_theta; }
  // sigma of the hard phase, from Theta as it is now.
  std::vector<int64_t> permutation() const;
  // The Sinkhorn phase's schedule at progress p in [0, 1].
  static double temperature(double progress);
  static int64_t iterations(double progress);

 private:
  Gate m_inner;
  double m_phaseEpochs;
  torch::Tensor m_theta;  // [n, n]
};

}  // namespace comet
