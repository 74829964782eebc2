// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"

namespace comet {

class CometMlp;

// Sparse execution of a COMET training step (model.execution, docs/performance.md,
// "Sparse execution"). With the mask cache, every training example's active
// neurons are known before its forward pass, so a hidden layer needs only the
// weights between the active inputs and the active outputs of each example: k_l x
// k_{l-1} of N_l x N_{l-1}. The step computes those products alone, forward and
// backward, and applies plain SGD to the touched weights as it goes (with no
// momentum and no weight decay, the weights nobody touched have a zero gradient
// and stay as they are: the same step as dense SGD, up to float rounding).

class SparseCometStep {
 public:
  SparseCometStep(CometMlp& net, const ExperimentConfig& config, bool classification);
  // One SGD step on the training examples `indices`, whose inputs and targets are
  // `x` and `y`. Returns the batch's mean loss before the step; `correct` gets the
  // number of correct predictions (classification).
  double step(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& indices, double& correct);

 private:
  CometMlp& m_net;
  std::string m_activation;
  float m_lr;
  bool m_classification;
  std::string m_forcedKernel;  // COMET_SPARSE_KERNEL at construction: dense, gather or empty (by size)
};

}  // namespace comet
