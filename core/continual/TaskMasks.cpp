// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/continual/TaskMasks.h"

#include <torch/torch.h>

#include "core/probe/MaskProbe.h"

namespace comet {
namespace {

// The mean of `pairs` [n, n] over the blocks of tasks (`task` [n]): the off-diagonal
// entries within a task, every entry between two tasks.
std::vector<std::vector<double>> blockMeans(const torch::Tensor& pairs, const torch::Tensor& task, int64_t tasks) {
  const auto offDiagonal = torch::ones_like(pairs).fill_diagonal_(0);
  std::vector<std::vector<double>> out(static_cast<size_t>(tasks), std::vector<double>(static_cast<size_t>(tasks)));
  for (int64_t a = 0; a < tasks; ++a)
    for (int64_t b = 0; b < tasks; ++b) {
      const auto weight = task.eq(a).unsqueeze(1).logical_and(task.eq(b).unsqueeze(0)).to(torch::kFloat32) * offDiagonal;
      const double count = weight.sum().item<double>();
      out[static_cast<size_t>(a)][static_cast<size_t>(b)] = count > 0 ? (pairs * weight).sum().item<double>() / count : NAN;
    }
  return out;
}

std::vector<double> toVector(const torch::Tensor& t) {
  const auto c = t.to(torch::kFloat64).contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

}  // namespace

void recordTaskMasks(NetworkImpl& net, const TaskSequence& sequence, int64_t perTask, ContinualReport& report) {
  report.masks.clear();
  report.inputSimilarity.clear();
  report.maskExamples = 0;
  if (!net.hasMasks() || sequence.tasks.empty()) return;
  int64_t n = perTask;
  for (const auto& t : sequence.tasks) n = std::min(n, t.test.size());
  if (n < 2) return;
  const auto tasks = static_cast<int64_t>(sequence.tasks.size());
  std::vector<torch::Tensor> xs;
  for (const auto& t : sequence.tasks) xs.push_back(t.test.x.narrow(0, 0, n));
  const auto x = torch::cat(xs);
  const auto task = torch::arange(tasks, torch::kLong).repeat_interleave(n);

  const auto masks = MaskProbe::masksOf(net, x);
  const int64_t examples = x.size(0);
  for (size_t l = 0; l < masks.size(); ++l) {
    const auto m = masks[l].reshape({-1, masks[l].size(-1)}).to(torch::kFloat32);
    if (m.size(0) % examples != 0) continue;  // not a whole number of masks per example
    const int64_t positions = m.size(0) / examples;
    TaskMaskLayer layer;
    layer.layer = static_cast<int64_t>(l) + 1;
    const auto perExample = m.view({examples, positions, m.size(1)}).mean(1);  // [examples, N]
    for (int64_t t = 0; t < tasks; ++t) layer.usage.push_back(toVector(perExample.narrow(0, t * n, n).mean(0)));
    layer.overlap = blockMeans(MaskProbe::positionJaccard(m, examples), task, tasks);
    report.masks.push_back(std::move(layer));
  }
  const auto unit = torch::nn::functional::normalize(x.reshape({examples, -1}).to(torch::kFloat32),
                                                     torch::nn::functional::NormalizeFuncOptions().dim(1));
  report.inputSimilarity = blockMeans(unit.matmul(unit.t()), task, tasks);
  report.maskExamples = n;
}

}  // namespace comet
