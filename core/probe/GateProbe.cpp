// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/probe/GateProbe.h"

#include <torch/torch.h>

#include <algorithm>

#include "core/model/gates/GateStats.h"

namespace comet {

GateProbe::GateProbe(const ProbeConfig& config, const torch::Tensor& x, const torch::Tensor& targets,
                     std::vector<TaskSpec> tasks)
    : m_tasks(std::move(tasks)) {
  const int64_t n = std::min<int64_t>(config.examples, x.size(0));
  m_x = x.narrow(0, 0, n).contiguous();
  const auto y = targets.narrow(0, 0, n);
  for (size_t t = 0; t < m_tasks.size(); ++t) {
    std::vector<int64_t> labels(static_cast<size_t>(n), -1);
    if (m_tasks[t].kind == Task::Classification) {
      const auto column = (y.dim() == 1 ? y : y.select(1, static_cast<int64_t>(t))).to(torch::kLong).contiguous();
      std::copy(column.data_ptr<int64_t>(), column.data_ptr<int64_t>() + n, labels.begin());
    }
    m_labels.push_back(std::move(labels));
  }
}

std::vector<TaskGates> GateProbe::run(NetworkImpl& net, double epoch) const {
  torch::NoGradGuard noGrad;
  const bool wasTraining = net.is_training();
  net.eval();
  ForwardContext ctx;
  ctx.epoch = epoch;
  net.forward(m_x, ctx);
  const auto weights = net.gateWeights();
  net.train(wasTraining);
  std::vector<TaskGates> out;
  for (size_t t = 0; t < weights.size() && t < m_tasks.size(); ++t) {
    out.push_back(summarise(weights[t], m_labels[t], m_tasks[t]));
    out.back().task = static_cast<int64_t>(t) + 1;
    out.back().name = taskName(m_tasks[t], t);
  }
  return out;
}

TaskGates GateProbe::summarise(const torch::Tensor& weights, const std::vector<int64_t>& labels,
                               const TaskSpec& task) {
  const auto w = weights.detach().to(torch::kCPU, torch::kFloat32).contiguous();
  TORCH_CHECK(w.dim() == 2 && w.size(0) == static_cast<int64_t>(labels.size()),
              "GateProbe::summarise needs [examples, experts] weights, one label per example");
  TaskGates g;
  g.name = task.name;
  g.experts = w.size(1);
  g.labels = labels;
  g.weights.assign(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
  const GateStats s = gateStats(w);
  g.routed = s.routed;
  g.top = s.top;
  g.meanWeight.assign(s.meanWeight.begin(), s.meanWeight.end());
  g.meanNonZeros = s.meanNonZeros;
  g.maxNonZeros = s.maxNonZeros;
  if (task.kind == Task::Classification && task.numClasses > 0) {
    g.classNames = task.classNames;
    const auto classes = static_cast<size_t>(task.numClasses);
    const auto experts = static_cast<size_t>(g.experts);
    std::vector<double> sum(classes * experts, 0.0);
    std::vector<int64_t> count(classes, 0);
    for (size_t i = 0; i < labels.size(); ++i) {
      const int64_t c = labels[i];
      if (c < 0 || static_cast<size_t>(c) >= classes) continue;
      ++count[static_cast<size_t>(c)];
      for (size_t j = 0; j < experts; ++j) sum[static_cast<size_t>(c) * experts + j] += g.weights[i * experts + j];
    }
    g.classMeanWeight.resize(classes * experts);
    for (size_t c = 0; c < classes; ++c)
      for (size_t j = 0; j < experts; ++j)
        g.classMeanWeight[c * experts + j] =
            count[c] > 0 ? static_cast<float>(sum[c * experts + j] / static_cast<double>(count[c])) : 0.f;
  }
  return g;
}

}  // namespace comet
