// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/Dataset.h"
#include "core/model/Network.h"
#include "core/train/EpochMetrics.h"

namespace comet {

class TaskLoss;

// A network measured on a split: the loss, the accuracy and each task's, and the
// network's evaluation statistics (a mixture's gate sparsity), in evaluation mode
// and without gradient, `batchSize` examples at a time; the network is put back
// into training mode after. The trainer's validation and test evaluations, and
// any hook's (continual learning's every task).
class Evaluator {
 public:
  // `loss` must outlive the evaluator.
  Evaluator(Network net, const TaskLoss& loss, int64_t batchSize)
      : m_net(std::move(net)), m_loss(loss), m_batchSize(batchSize) {}
  // `epoch`: the fractional epoch the forwards see (ForwardContext::epoch).
  Evaluation operator()(const Dataset& split, double epoch) const;

 private:
  Network m_net;
  const TaskLoss& m_loss;
  int64_t m_batchSize;
};

}  // namespace comet
