// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <string>

namespace comet {

// f(a) for model.activation: softplus relu gelu tanh leaky_relu (slope 0.01) silu
// elu. Throws ConfigError naming the key for any other name.
torch::Tensor activation(const std::string& name, const torch::Tensor& a);

// f'(a), elementwise, from torch's own backward kernels of the same functions
// (what autograd multiplies the incoming gradient by). Sparse execution's
// hand-written backward uses it.
torch::Tensor activationDerivative(const std::string& name, const torch::Tensor& a);

}  // namespace comet
