// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/TaskLoss.h"

#include <torch/torch.h>

#include <limits>

#include "core/train/Metrics.h"
#include "core/util/Error.h"

namespace comet {
namespace {

// The tasks of `data`: DataSplits::tasks, or its single task named "" for
// single-task data.
std::vector<TaskSpec> taskSpecs(const DataSplits& data) {
  if (data.multiTask()) return data.tasks;
  TaskSpec single;
  single.kind = data.task;
  single.numClasses = data.task == Task::Classification ? data.numClasses : 0;
  single.classNames = data.classNames;
  return {single};
}

}  // namespace

TaskLoss::TaskLoss(const DataSplits& data, std::vector<double> weights)
    : m_specs(taskSpecs(data)), m_weights(std::move(weights)), m_multi(data.multiTask()) {
  if (m_weights.empty()) m_weights.assign(m_specs.size(), 1.0);
  if (m_weights.size() != m_specs.size())
    throw ConfigError("train.task_weights: " + std::to_string(m_weights.size()) + " weights for " +
                      std::to_string(m_specs.size()) + (m_specs.size() == 1 ? " task" : " tasks") +
                      " (give one weight per task of the dataset, or none)");
}

TaskLoss::Result TaskLoss::operator()(const torch::Tensor& output, const torch::Tensor& target) const {
  Result r;
  int64_t column = 0;
  for (size_t t = 0; t < m_specs.size(); ++t) {
    const auto& spec = m_specs[t];
    const auto out = m_multi ? output.narrow(1, column, spec.outputs()) : output;
    column += spec.outputs();
    torch::Tensor l;
    double correct = 0;
    if (spec.kind == Task::Classification && out.dim() == 3) {  // a language model: every position
      const int64_t positions = out.size(1);
      const auto flat = out.reshape({-1, out.size(2)});
      const auto labels = target.reshape({-1});
      l = torch::nn::functional::cross_entropy(flat, labels);
      correct = flat.detach().argmax(1).eq(labels).sum().item<double>() / static_cast<double>(positions);
    } else if (spec.kind == Task::Classification) {
      const auto labels = m_multi ? target.select(1, static_cast<int64_t>(t)).to(torch::kLong) : target;
      const auto logits = m_sameGroup.defined()
                              ? out.masked_fill(m_sameGroup.index_select(0, labels).logical_not(),
                                                -std::numeric_limits<float>::infinity())
                              : out;
      l = torch::nn::functional::cross_entropy(logits, labels);
      correct = logits.detach().argmax(1).eq(labels).sum().item<double>();
    } else {
      const auto values = m_multi ? target.narrow(1, static_cast<int64_t>(t), 1) : target;
      l = torch::mse_loss(out, values);
    }
    r.taskLoss.push_back(l.item<double>());
    r.taskCorrect.push_back(correct);
    r.total = r.total.defined() ? r.total + m_weights[t] * l : (m_weights[t] == 1.0 ? l : m_weights[t] * l);
  }
  r.value = r.total.item<double>();
  return r;
}

void TaskLoss::setClassGroups(std::vector<int64_t> groupOfClass) {
  m_groupOfClass = std::move(groupOfClass);
  m_sameGroup = torch::Tensor();
  if (m_groupOfClass.empty()) return;
  const auto classes = static_cast<int64_t>(m_groupOfClass.size());
  if (m_multi || m_specs.front().kind != Task::Classification || m_specs.front().numClasses != classes)
    throw ConfigError("continual.scenario: heads per task need single-task classification data with " +
                      std::to_string(classes) + " classes");
  const auto g = torch::tensor(m_groupOfClass, torch::kLong);
  m_sameGroup = g.unsqueeze(1).eq(g.unsqueeze(0));
}

bool TaskLoss::hasClassification() const {
  for (const auto& t : m_specs)
    if (t.kind == Task::Classification) return true;
  return false;
}

double TaskLoss::accuracy(const std::vector<double>& correct, int64_t n) const {
  double sum = 0;
  int classification = 0;
  for (size_t t = 0; t < m_specs.size(); ++t) {
    if (m_specs[t].kind != Task::Classification) continue;
    sum += correct[t] / static_cast<double>(n);
    ++classification;
  }
  return classification ? sum / classification : kNaN;
}

}  // namespace comet
