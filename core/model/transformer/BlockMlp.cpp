// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/transformer/BlockMlp.h"

#include <torch/torch.h>

#include <algorithm>

#include "core/model/Activation.h"
#include "core/model/Cap.h"
#include "core/model/FastLinear.h"
#include "core/config/MethodNames.h"
#include "core/model/RoutingNetwork.h"
#include "core/util/Error.h"

namespace comet {

BlockMlpImpl::BlockMlpImpl(int64_t dim, int64_t hidden, std::string method, double pk, std::string activationName)
    : m_method(std::move(method)), m_activation(std::move(activationName)), m_keep(pk) {
  const auto& known = transformerMethods();
  if (std::find(known.begin(), known.end(), m_method) == known.end())
    throw ConfigError("model.method: '" + m_method + "' does not run on a transformer backbone; these do: " +
                      joinedTransformerMethods());
  m_k = capK(pk, hidden);
  m_hidden = m_method == "smaller" ? m_k : hidden;
  m_fc1 = register_module("fc1", torch::nn::Linear(dim, m_hidden));
  m_fc2 = register_module("fc2", torch::nn::Linear(m_hidden, dim));
  activation(m_activation, torch::zeros({1}));  // an unknown name fails here, not in the first step
}

void BlockMlpImpl::drawRouting() {
  if (m_method == "comet" && !m_routing.defined())
    m_routing = register_buffer("routing", fixedProjection(m_hidden, m_fc1->weight.size(1)));
}

torch::Tensor BlockMlpImpl::forward(const torch::Tensor& x, std::vector<torch::Tensor>* masks) {
  const auto shape = x.sizes().vec();
  const auto rows = x.reshape({-1, shape.back()}).contiguous();
  const auto a = fastLinear(rows, m_fc1->weight, m_fc1->bias);
  auto h = activation(m_activation, a);
  torch::Tensor mask;
  if (m_method == "comet") {
    TORCH_CHECK(m_routing.defined(), "BlockMlp: drawRouting() was not called");
    torch::NoGradGuard noGrad;
    mask = cap(fastLinear(rows.detach(), m_routing, {}), m_k);
  } else if (m_method == "topk") {
    mask = cap(a.detach(), m_k);
  } else if (m_method == "dropout" && is_training() && m_keep < 1.0) {
    h = h * torch::bernoulli(torch::full_like(h, m_keep)).div_(m_keep);
  }
  if (mask.defined()) {
    h = h * mask;
    if (masks) masks->push_back(mask.to(torch::kBool));
  }
  auto out = fastLinear(h, m_fc2->weight, m_fc2->bias);
  auto outShape = shape;
  outShape.back() = out.size(1);
  return out.view(outShape);
}

torch::Tensor branchDropout(const torch::Tensor& x, double p, bool training) {
  return p > 0 && training ? torch::dropout(x, p, true) : x;
}

}  // namespace comet
