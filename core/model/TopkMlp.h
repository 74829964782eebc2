// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/MlpBackbone.h"
#include "core/model/Network.h"

namespace comet {

// `topk`: the cap applied to the backbone's own pre-activations, m_l = C_k(a_l),
// k = max(1, floor(p_k N_l)): a trainable routing (the weights that route are the
// ones that learn). The mask itself is not differentiated through (C_k is a step
// function); gradients flow through the k kept activations.
class TopkMlp : public NetworkImpl {
 public:
  TopkMlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs, double pk,
          const std::string& activation, const std::string& norm);
  torch::Tensor forward(const torch::Tensor& x, const ForwardContext& ctx) override;
  bool hasMasks() const override { return true; }
  MlpBackbone backbone() const { return m_backbone; }
  const std::vector<int64_t>& ks() const { return m_ks; }

 private:
  MlpBackbone m_backbone{nullptr};
  std::vector<int64_t> m_ks;
};

}  // namespace comet
