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

// How sparse execution computes one layer's products (docs/performance.md,
// "Sparse execution"): row by row, each weight row multiplied with the inputs of
// the examples that use it, read column-dense or through their active lists
// (gathers); or, where the layer is too dense for either to win, as the dense
// layer's GEMMs on the masked activations, the SGD step folded into the weight
// gradient's GEMM.
enum class SparseProduct { ColumnDense, Gather, Gemm };

// The product of layer `layer` (0: the one reading the data) whose active share
// over the batch is `density`, reading `fanIn` inputs of which `inDensity` are
// active (1 for the data). forced: COMET_SPARSE_KERNEL (dense: column-dense rows,
// gather: gathers past the first layer, gemm: GEMMs everywhere, empty: by the
// measurements). Measured on 2 cores (2026-12-01): GEMMs win from density
// sparseGemmThreshold(batch) for column-dense layers and from density x input
// density at its square for gathers.
SparseProduct sparseProduct(const std::string& forced, size_t layer, int64_t batch, int64_t fanIn, double density,
                            double inDensity);
// 0.4 at batch 32 or less, 0.15 at 256 or more, log-linear between.
double sparseGemmThreshold(int64_t batch);
// "column-dense", "gather" or "gemm" (summary.json, `comet bench`).
const char* toString(SparseProduct product);

class SparseCometStep {
 public:
  SparseCometStep(CometMlp& net, const ExperimentConfig& config, bool classification);
  // One SGD step on the training examples `indices`, whose inputs and targets are
  // `x` and `y`. Returns the batch's mean loss before the step; `correct` gets the
  // number of correct predictions (classification).
  double step(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& indices, double& correct);
  // Each layer's product for a batch of `batch` examples (every example keeps
  // k_l = capK(p_k, N_l) neurons, so the densities are known from the config;
  // step() runs these).
  std::vector<SparseProduct> products(int64_t batch) const;

 private:
  CometMlp& m_net;
  std::string m_activation;
  float m_lr;
  double m_pk;
  bool m_classification;
  std::string m_forcedKernel;  // COMET_SPARSE_KERNEL at construction: dense, gather or empty (by size)
};

}  // namespace comet
