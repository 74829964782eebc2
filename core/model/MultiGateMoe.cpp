// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/MultiGateMoe.h"

#include <torch/torch.h>

#include <set>

#include "core/model/FastLinear.h"
#include "core/model/gates/GateStats.h"
#include "core/util/MetricNames.h"

namespace comet {

MultiGateMoe::MultiGateMoe(int64_t inputs, const std::vector<int64_t>& expertWidths,
                           const std::vector<int64_t>& taskOutputs, const GateOptions& gate,
                           const std::string& activation)
    : m_taskOutputs(taskOutputs) {
  TORCH_CHECK(!expertWidths.empty(), "MultiGateMoe needs at least one expert width");
  TORCH_CHECK(!taskOutputs.empty(), "MultiGateMoe needs at least one task");
  const std::vector<int64_t> hidden(expertWidths.begin(), expertWidths.end() - 1);
  const int64_t width = expertWidths.back();
  // Gates first: createGate validates the options before any expert is built.
  for (size_t t = 0; t < taskOutputs.size(); ++t)
    m_gates.push_back(register_module("gate" + std::to_string(t + 1), createGate(gate, inputs)));
  for (int64_t j = 0; j < gate.experts; ++j)
    m_experts.push_back(register_module("expert" + std::to_string(j + 1),
                                        MlpBackbone(inputs, hidden, width, activation, "none")));
  for (size_t t = 0; t < taskOutputs.size(); ++t)
    m_heads.push_back(register_module("head" + std::to_string(t + 1), torch::nn::Linear(width, taskOutputs[t])));
}

torch::Tensor MultiGateMoe::forward(const torch::Tensor& x, const ForwardContext& ctx) {
  std::vector<torch::Tensor> f;
  for (auto& e : m_experts) f.push_back(e->activate(e->forward(x)));
  const auto stacked = torch::stack(f, 1);  // [batch, n, width]
  GateContext gc;
  gc.epoch = ctx.epoch;
  std::vector<torch::Tensor> outputs;
  m_lastWeights.clear();
  for (size_t t = 0; t < m_gates.size(); ++t) {
    const auto g = m_gates[t]->forward(x, gc);  // [batch, n]
    m_lastWeights.push_back(g.detach());
    if (m_gathering) {
      const GateStats st = gateStats(m_lastWeights.back());
      auto& tally = m_tally[t];
      tally.examples += st.examples;
      tally.nonZeros += st.meanNonZeros * static_cast<double>(st.examples);
      tally.maxNonZeros = std::max(tally.maxNonZeros, st.maxNonZeros);
      tally.saturation += m_gates[t]->saturation() * static_cast<double>(st.examples);
    }
    const auto mixed = (g.unsqueeze(2) * stacked).sum(1);
    outputs.push_back(fastLinear(mixed, m_heads[t]->weight, m_heads[t]->bias));
  }
  return torch::cat(outputs, 1);
}

torch::Tensor MultiGateMoe::penalty() {
  torch::Tensor sum;
  for (auto& g : m_gates)
    if (auto p = g->penalty(); p.defined()) sum = sum.defined() ? sum + p : p;
  return sum;
}

std::vector<torch::Tensor> MultiGateMoe::gateParameters() const {
  std::vector<torch::Tensor> out;
  for (const auto& g : m_gates)
    for (const auto& p : g->parameters()) out.push_back(p);
  return out;
}

std::vector<torch::Tensor> MultiGateMoe::nonGateParameters() const {
  std::set<const void*> gate;
  for (const auto& p : gateParameters()) gate.insert(p.unsafeGetTensorImpl());
  std::vector<torch::Tensor> out;
  for (const auto& p : parameters())
    if (!gate.count(p.unsafeGetTensorImpl())) out.push_back(p);
  return out;
}

void MultiGateMoe::beginStatistics() {
  m_gathering = true;
  m_tally.assign(m_gates.size(), Tally{});
}

NamedValues MultiGateMoe::endStatistics() {
  m_gathering = false;
  NamedValues out;
  for (size_t t = 0; t < m_tally.size(); ++t) {
    const auto& tally = m_tally[t];
    const std::string name = t < m_taskNames.size() ? m_taskNames[t] : "task" + std::to_string(t + 1);
    const double n = static_cast<double>(tally.examples);
    out.emplace_back(metric::gate(name, metric::kGateNonZerosMean), tally.examples ? tally.nonZeros / n : kNaN);
    out.emplace_back(metric::gate(name, metric::kGateNonZerosMax),
                     tally.examples ? static_cast<double>(tally.maxNonZeros) : kNaN);
    out.emplace_back(metric::gate(name, metric::kGateSaturated), tally.examples ? tally.saturation / n : kNaN);
  }
  return out;
}

}  // namespace comet
