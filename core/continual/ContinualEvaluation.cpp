// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/continual/ContinualEvaluation.h"

#include <torch/torch.h>

#include <cmath>

#include "core/continual/TaskMasks.h"
#include "core/util/Error.h"
#include "core/util/MetricNames.h"

namespace comet {
namespace {

std::string describeTask(const SequenceTask& task, bool permuted) {
  if (permuted) return task.permutation.defined() ? "permuted" : "as they are";
  std::string s = "classes";
  for (size_t i = 0; i < task.classes.size(); ++i) s += (i ? ", " : " ") + std::to_string(task.classes[i]);
  return s;
}

torch::Tensor toTensor(const std::vector<double>& v) { return torch::tensor(v, torch::kFloat64); }

std::vector<double> fromTensor(const torch::Tensor& t) {
  const auto c = t.contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

}  // namespace

ContinualEvaluation::ContinualEvaluation(std::shared_ptr<const ContinualStream> stream)
    : m_stream(std::move(stream)), m_matrix(m_stream->sequence().size()) {}

std::vector<double> ContinualEvaluation::evaluateTasks(HookContext& ctx) const {
  std::vector<double> acc;
  for (const auto& task : m_stream->sequence().tasks) acc.push_back(ctx.evaluate(task.test).accuracy);
  return acc;
}

void ContinualEvaluation::runStarting(HookContext& ctx) {
  if (m_randomInit.empty()) m_randomInit = evaluateTasks(ctx);  // a resumed run brings its own
}

NamedValues ContinualEvaluation::epochMetrics(int64_t epoch, HookContext& ctx) {
  m_last = evaluateTasks(ctx);
  const auto& tasks = m_stream->sequence().tasks;
  if (m_stream->endsTask(epoch)) {
    const int64_t row = m_stream->taskOf(epoch);
    for (size_t j = 0; j < m_last.size(); ++j) m_matrix.set(row, static_cast<int64_t>(j), m_last[j]);
  }
  NamedValues out;
  for (size_t j = 0; j < tasks.size(); ++j) out.emplace_back(metric::continualTask(tasks[j].name), m_last[j]);
  return out;
}

ContinualFigures ContinualEvaluation::figures() const {
  if (!m_stream->joint()) return continualFigures(m_matrix, m_randomInit);
  ContinualFigures f;
  f.acc = f.bwt = f.fwt = f.meanForgetting = std::nan("");
  const int64_t last = m_matrix.tasks() - 1;
  if (last < 0 || std::isnan(m_matrix.at(last, last))) return f;
  f.tasksDone = m_matrix.tasks();
  double sum = 0;
  for (int64_t j = 0; j <= last; ++j) sum += m_matrix.at(last, j);
  f.acc = sum / static_cast<double>(last + 1);
  return f;
}

void ContinualEvaluation::epochFinished(int64_t epoch, HookContext& ctx) {
  ContinualReport report;
  report.epoch = epoch;
  report.task = m_stream->taskOf(epoch);
  report.taskEnd = m_stream->endsTask(epoch);
  const bool permuted = m_stream->sequence().taskOfClass.empty();
  for (const auto& task : m_stream->sequence().tasks) {
    report.taskNames.push_back(task.name);
    report.taskLabels.push_back(describeTask(task, permuted));
  }
  report.accuracy = m_last;
  report.matrix = m_matrix.rows();
  report.randomInit = m_randomInit;
  report.figures = figures();
  if (report.taskEnd) recordTaskMasks(ctx.net, m_stream->sequence(), kMaskExamplesPerTask, report);
  for (auto* o : ctx.observers) o->continualEvaluated(report);
}

void ContinualEvaluation::saveState(torch::serialize::OutputArchive& archive) const {
  std::vector<double> cells;
  for (const auto& row : m_matrix.rows()) cells.insert(cells.end(), row.begin(), row.end());
  archive.write("matrix", toTensor(cells));
  archive.write("random_init", toTensor(m_randomInit));
}

void ContinualEvaluation::loadState(torch::serialize::InputArchive& archive) {
  torch::Tensor cells, b;
  const int64_t t = m_matrix.tasks();
  if (!archive.try_read("matrix", cells) || !archive.try_read("random_init", b) ||
      cells.scalar_type() != torch::kFloat64 || b.scalar_type() != torch::kFloat64 || cells.numel() != t * t ||
      (b.numel() != t && b.numel() != 0))
    throw RunError("corrupt checkpoint: the continual evaluation's state does not fit " + std::to_string(t) + " tasks");
  const auto v = fromTensor(cells);
  for (int64_t i = 0; i < t; ++i)
    for (int64_t j = 0; j < t; ++j) m_matrix.set(i, j, v[static_cast<size_t>(i * t + j)]);
  m_randomInit = fromTensor(b);
}

}  // namespace comet
