// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

namespace comet {

// Sinkhorn's relaxation of a permutation (Adams & Zemel 2011; Mena et al. 2018):
// L = scores / tau, then `iterations` rounds of normalising the columns and then
// the rows in log space (logsumexp, so tiny tau cannot overflow), and exp(L): a
// doubly-stochastic [n, n] matrix, approaching the permutation that maximises
// sum_i scores[i, sigma(i)] as tau -> 0. Differentiable in `scores`.
// The rows are exact (up to rounding), being normalised last: a gate output g on
// the simplex stays on it as g P. The columns are as close as the iterations make
// them, which at a tiny tau can be far (Sinkhorn needs more rounds as tau falls).
torch::Tensor sinkhorn(const torch::Tensor& scores, double tau, int64_t iterations);

}  // namespace comet
