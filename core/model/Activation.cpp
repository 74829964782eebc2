// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/Activation.h"

#include <torch/torch.h>

#include "core/util/Error.h"

namespace comet {

namespace {
[[noreturn]] void unknownActivation(const std::string& f) {
  unknownActivation(f);
}
}  // namespace

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

torch::Tensor activationDerivative(const std::string& f, const torch::Tensor& a) {
  const auto one = torch::ones_like(a);
  if (f == "softplus") return at::softplus_backward(one, a, 1, 20);
  if (f == "relu") return at::threshold_backward(one, a, 0);
  if (f == "gelu") return at::gelu_backward(one, a);
  if (f == "tanh") return at::tanh_backward(one, torch::tanh(a));
  if (f == "leaky_relu") return at::leaky_relu_backward(one, a, 0.01, false);
  if (f == "silu") return at::silu_backward(one, a);
  if (f == "elu") return at::elu_backward(one, 1.0, 1.0, 1.0, false, a);
  unknownActivation(f);
}

}  // namespace comet
