// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include "core/model/CapMath.h"

namespace comet {

// The cap operator C_k (k-winners-take-all), row-wise: a float tensor of the same
// shape as `c` with 1 for the k largest entries of each row and 0 elsewhere.
//
// Tie rule: exactly k entries per row are kept. Entries above the k-th largest value
// are always kept; among entries equal to it, the ones with the lowest column index
// fill the remaining places. (The published code keeps every entry >= the k-th
// largest, which can keep more than k when values tie.)
//
// Float32 CPU tensors take a bitwise search for the k-th largest value per row
// (rows up to 1024 wide) or a radix select (wider rows, or with COMET_CAP_RADIX
// set), rows on torch's threads; any other tensor takes capWithTopk. All give the
// same masks (tst_cap).
torch::Tensor cap(const torch::Tensor& c, int64_t k);
// The same through torch::topk, for any dtype and device.
torch::Tensor capWithTopk(const torch::Tensor& c, int64_t k);

}  // namespace comet
