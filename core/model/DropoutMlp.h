// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/MlpBackbone.h"
#include "core/model/Network.h"

namespace comet {

// `dropout`: the dense MLP with dropout at rate 1 - p_k on every hidden layer's
// activations, in training only (inverted dropout, as torch.nn.Dropout: kept units
// are scaled by 1/p_k, so evaluation is the plain dense network). The masks are
// fresh every step and tied to nothing, so they are not reported to the probes.
class DropoutMlp : public NetworkImpl {
 public:
  DropoutMlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs, double pk,
             const std::string& activation, const std::string& norm);
  torch::Tensor forward(const torch::Tensor& x, const ForwardContext& ctx) override;
  MlpBackbone backbone() const { return m_backbone; }

 private:
  MlpBackbone m_backbone{nullptr};
  double m_keep;
};

}  // namespace comet
