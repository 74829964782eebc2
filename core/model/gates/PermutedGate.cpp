// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/gates/PermutedGate.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

#include "core/model/gates/Hungarian.h"
#include "core/model/gates/Sinkhorn.h"

namespace comet {

namespace {
constexpr double kTauStart = 1e-3, kTauEnd = 1e-7;
constexpr double kItersStart = 20, kItersEnd = 150;
}  // namespace

PermutedGate::PermutedGate(Gate inner, int64_t experts, double localSearchEpochs)
    : m_inner(std::move(inner)), m_phaseEpochs(localSearchEpochs) {
  register_module("inner", m_inner);
  m_theta = register_parameter("theta", torch::empty({experts, experts}).uniform_(-kTauStart, kTauStart));
}

double PermutedGate::temperature(double progress) {
  const double p = std::clamp(progress, 0.0, 1.0);
  return kTauStart * std::pow(kTauEnd / kTauStart, p);
}

int64_t PermutedGate::iterations(double progress) {
  const double p = std::clamp(progress, 0.0, 1.0);
  return static_cast<int64_t>(std::llround(kItersStart + (kItersEnd - kItersStart) * p));
}

std::vector<int64_t> PermutedGate::permutation() const {
  const auto t = m_theta.detach().to(torch::kCPU, torch::kDouble).contiguous();
  const int64_t n = t.size(0);
  const double* d = t.data_ptr<double>();
  std::vector<std::vector<double>> score(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) score[static_cast<size_t>(i)].assign(d + i * n, d + (i + 1) * n);
  return maxAssignment(score);
}

torch::Tensor PermutedGate::forward(const torch::Tensor& x, const GateContext& ctx) {
  const auto g = m_inner->forward(x, ctx);
  if (is_training() && ctx.epoch < m_phaseEpochs) {
    const double p = ctx.epoch / m_phaseEpochs;
    return g.matmul(sinkhorn(m_theta, temperature(p), iterations(p)).to(g.dtype()));
  }
  // out[:, sigma(i)] = g[:, i], i.e. out[:, j] = g[:, sigma^-1(j)].
  const auto sigma = permutation();
  std::vector<int64_t> inverse(sigma.size());
  for (size_t i = 0; i < sigma.size(); ++i) inverse[static_cast<size_t>(sigma[i])] = static_cast<int64_t>(i);
  const auto index = torch::tensor(inverse, torch::kLong).to(g.device());
  return g.index_select(1, index);
}

}  // namespace comet
