// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/model/MlpBackbone.h"
#include "core/model/Network.h"
#include "core/model/gates/Gate.h"

namespace comet {

// A multi-gate mixture of experts (MMoE, Ma et al. 2018; the model of COMET's
// experiments): n experts shared by T tasks, one gate per task (GateOptions, e.g.
// COMET's trees) and one linear head per task:
//   y_t = head_t( sum_j g_tj(x) f_j(x) ).
// Expert j is an MLP inputs -> expertWidths[0] -> ... -> expertWidths.back() with
// the activation after every layer, the last included: its output is a hidden
// representation, as the MMoE experts of the published code. Every expert runs on
// the whole batch (dense compute; the gate's zeros still make the mixture sparse).
// forward() returns the T outputs side by side, [batch, sum(taskOutputs)].
// No per-neuron masks: hasMasks() is false.
class MultiGateMoe : public NetworkImpl {
 public:
  MultiGateMoe(int64_t inputs, const std::vector<int64_t>& expertWidths, const std::vector<int64_t>& taskOutputs,
               const GateOptions& gate, const std::string& activation);
  using NetworkImpl::forward;
  torch::Tensor forward(const torch::Tensor& x, const ForwardContext& ctx) override;
  // The sum of the gates' penalties (their last training-mode forward), undefined
  // when no gate has one.
  torch::Tensor penalty() override;

  int64_t tasks() const { return static_cast<int64_t>(m_gates.size()); }
  int64_t experts() const { return static_cast<int64_t>(m_experts.size()); }
  const std::vector<int64_t>& taskOutputs() const { return m_taskOutputs; }
  Gate gate(size_t t) const { return m_gates[t]; }
  MlpBackbone expert(size_t j) const { return m_experts[j]; }
  torch::nn::Linear head(size_t t) const { return m_heads[t]; }
  // All the gates' parameters (for their own learning rate), and all the others.
  std::vector<torch::Tensor> gateParameters() const;
  std::vector<torch::Tensor> nonGateParameters() const;
  // Per task, the detached [batch, n] gate weights of the last forward.
  const std::vector<torch::Tensor>& lastGateWeights() const { return m_lastWeights; }
  std::vector<torch::Tensor> gateWeights() const override { return m_lastWeights; }
  bool hasGates() const override { return true; }
  // The gates at model.gate_lr, everything else at train.lr.
  ParameterGroups parameterGroups() override { return {nonGateParameters(), gateParameters()}; }

  // Names the tasks in the statistics ("gate/top_left/nonzeros_mean"); default
  // task1, task2, ... (the gate probe's file numbers)
  void setTaskNames(std::vector<std::string> names) { m_taskNames = std::move(names); }
  // Per task over the evaluation forwards in between: the mean and max number of
  // non-zero gate weights per example, and the fraction of the gate's smooth-steps
  // that are exactly 0 or 1 (NaN for gates without smooth-steps).
  void beginStatistics() override;
  NamedValues endStatistics() override;

 private:
  std::vector<MlpBackbone> m_experts;
  std::vector<Gate> m_gates;
  std::vector<torch::nn::Linear> m_heads;
  std::vector<int64_t> m_taskOutputs;
  std::vector<torch::Tensor> m_lastWeights;
  std::vector<std::string> m_taskNames;
  // Statistics being gathered (beginStatistics() .. endStatistics()).
  struct Tally {
    int64_t examples = 0;
    double nonZeros = 0;
    int64_t maxNonZeros = 0;
    double saturation = 0;  // sum of per-batch saturation * batch size
  };
  bool m_gathering = false;
  std::vector<Tally> m_tally;
};

}  // namespace comet
