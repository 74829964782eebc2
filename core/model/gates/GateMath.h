// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

namespace comet {

// Small pieces shared by the gates.

// log(p) with log(0) = -inf exactly and a zero (not NaN) gradient at p = 0, so that
// a path through a saturated smooth-step gets probability exactly 0 in log space.
torch::Tensor safeLog(const torch::Tensor& p);

// -sum p log p along `dim` with 0 log 0 = 0 and a finite gradient everywhere.
torch::Tensor entropy(const torch::Tensor& p, int64_t dim);

// The fraction of the entries of `s` (smooth-step outputs) that are exactly 0 or 1;
// NaN for an empty tensor.
double saturatedFraction(const torch::Tensor& s);

}  // namespace comet
