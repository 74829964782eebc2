// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/MaskCache.h"
#include "core/model/MlpBackbone.h"
#include "core/model/Network.h"
#include "core/model/RoutingNetwork.h"

namespace comet {

// `comet`: the MLP backbone whose hidden layers are masked by the fixed routing
// network's k-winners-take-all masks (x_l = f(a_l) * m_l); output layer unmasked.
// The backbone is built before the routing network, so that with the same seed a
// CometMlp and a StandardMlp start from identical backbone weights.
class CometMlp : public NetworkImpl {
 public:
  CometMlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs, double pk,
           const std::string& activation, const std::string& norm);
  torch::Tensor forward(const torch::Tensor& x, const ForwardContext& ctx) override;
  bool hasMasks() const override { return true; }
  // Computes and caches the masks of every training example (see MaskCache);
  // training steps then look them up by ForwardContext::exampleIndex.
  void prepare(const torch::Tensor& trainInputs) override;
  MlpBackbone backbone() const { return m_backbone; }
  RoutingNetwork routing() const { return m_routing; }
  // Empty until prepare().
  const MaskCache& maskCache() const { return m_cache; }

 private:
  MlpBackbone m_backbone{nullptr};
  RoutingNetwork m_routing{nullptr};
  MaskCache m_cache;
};

}  // namespace comet
