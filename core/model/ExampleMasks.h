// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <cstdint>

namespace comet {

// Fixed per-example random masks without a table: neuron j of layer `layer` is on
// for example i when hashUniform(seed, salt, layer, i, j) < p. The hash
// (splitmix64 of the combined key) gives a number in [0, 1) that depends only on
// its arguments, so an example's mask is the same in every epoch, every batch
// and every process, whatever the batch it comes in.
double hashUniform(uint64_t seed, uint64_t salt, uint64_t layer, uint64_t example, uint64_t neuron);

// The masks of the examples `indices` ([batch] int64): a [batch, width] float32
// 0/1 tensor; neurons j < `firstAlwaysOn` are always 1, the others are 1 with
// probability p.
torch::Tensor exampleMasks(uint64_t seed, uint64_t salt, size_t layer, const torch::Tensor& indices,
                           int64_t width, double p, int64_t firstAlwaysOn = 0);

// A 63-bit seed drawn from torch's global generator (which createNetwork seeds),
// so that a method's fixed masks depend only on the run's seed.
uint64_t drawMaskSeed();

}  // namespace comet
