// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/MlpBackbone.h"
#include "core/model/Network.h"

namespace comet {

// `layer_wise_routing`: each hidden layer's mask comes from a fixed random
// projection of the previous *backbone* layer's output (not of a separate routing
// path as in COMET): c_l = V_l x_{l-1} (x_0 the input), m_l = C_k(c_l).
// V_l are buffers (never trained, no gradient), drawn U(-1/sqrt(fan_in),
// 1/sqrt(fan_in)) after the backbone, so that with the same seed the backbone
// starts from the same weights as `standard` and `comet`. Because x_{l-1} changes
// as the backbone trains, an example's masks of layers >= 2 drift during training.
class LayerWiseRoutingMlp : public NetworkImpl {
 public:
  LayerWiseRoutingMlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs, double pk,
                      const std::string& activation, const std::string& norm);
  torch::Tensor forward(const torch::Tensor& x, const ForwardContext& ctx) override;
  bool hasMasks() const override { return true; }
  MlpBackbone backbone() const { return m_backbone; }
  const torch::Tensor& projection(size_t l) const { return m_projections[l]; }

 private:
  MlpBackbone m_backbone{nullptr};
  std::vector<torch::Tensor> m_projections;  // V_l, [N_l, fan_in]
  std::vector<int64_t> m_ks;
};

}  // namespace comet
