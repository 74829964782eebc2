// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/MlpBackbone.h"
#include "core/model/Network.h"

namespace comet {

// `standard`: the dense MLP, no masks.
class StandardMlp : public NetworkImpl {
 public:
  StandardMlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs,
              const std::string& activation, const std::string& norm);
  torch::Tensor forward(const torch::Tensor& x, const ForwardContext& ctx) override;
  MlpBackbone backbone() const { return m_backbone; }

 private:
  MlpBackbone m_backbone{nullptr};
};

}  // namespace comet
