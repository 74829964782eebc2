// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/Evaluator.h"

#include <torch/torch.h>

#include "core/train/TaskLoss.h"
#include "core/util/Meter.h"

namespace comet {

Evaluation Evaluator::operator()(const Dataset& split, double epoch) const {
  Evaluation e;
  if (split.size() == 0) return e;
  torch::NoGradGuard noGrad;
  m_net->eval();
  m_net->beginStatistics();
  MeanMeter loss;
  std::vector<MeanMeter> taskLoss(m_loss.tasks());
  std::vector<double> correct(m_loss.tasks(), 0.0);
  ForwardContext ctx;
  ctx.epoch = epoch;
  for (int64_t start = 0; start < split.size(); start += m_batchSize) {
    const int64_t n = std::min(m_batchSize, split.size() - start);
    const auto r = m_loss(m_net->forward(split.x.narrow(0, start, n), ctx), split.y.narrow(0, start, n));
    loss.add(r.value, n);
    for (size_t t = 0; t < m_loss.tasks(); ++t) {
      taskLoss[t].add(r.taskLoss[t], n);
      correct[t] += r.taskCorrect[t];
    }
  }
  e.statistics = m_net->endStatistics();
  m_net->train();
  e.loss = loss.mean();
  e.accuracy = m_loss.accuracy(correct, split.size());
  for (size_t t = 0; t < m_loss.tasks(); ++t) {
    e.taskLoss.push_back(taskLoss[t].mean());
    e.taskAccuracy.push_back(m_loss.specs()[t].kind == Task::Classification
                                 ? correct[t] / static_cast<double>(split.size())
                                 : kNaN);
  }
  return e;
}

}  // namespace comet
