// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/Activation.h"

#include <torch/torch.h>

#include "core/util/Error.h"

namespace comet {

torch::Tensor activation(const std::string& f, const torch::Tensor& a) {
  if (f == "softplus") return torch::softplus(a);
  if (f == "relu") return torch::relu(a);
  if (f == "gelu") return torch::gelu(a);
  if (f == "tanh") return torch::tanh(a);
  if (f == "leaky_relu") return torch::leaky_relu(a, 0.01);
  if (f == "silu") return torch::silu(a);
  if (f == "elu") return torch::elu(a);
  throw ConfigError("model.activation: unknown activation '" + f +
                    "'; expected softplus, relu, gelu, tanh, leaky_relu, silu or elu");
}

}  // namespace comet
