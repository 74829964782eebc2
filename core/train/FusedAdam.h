// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>

namespace comet {

// torch's Adam and AdamW with the per-parameter update done in one pass over the
// parameter, its gradient and its two moments. torch's own step runs eight
// tensor operations per parameter (two of them allocate a temporary the size of
// the parameter), about 18 passes over memory; this runs 7. Same state (the
// moments and step count in torch's AdamParamState, so checkpoints are
// interchangeable), same formulas, same float operations and roundings: the
// results equal torch's bit for bit on CPUs with FMA (tst_optimizer).
// Parameters it does not handle (not float32 on the CPU, not contiguous, sparse
// gradients, amsgrad), and a step with a closure, go through torch's step.
// COMET_ADAM=torch uses torch's step for everything, for comparisons
// (docs/performance.md).
class FusedAdam : public torch::optim::Adam {
 public:
  using torch::optim::Adam::Adam;
  torch::Tensor step(LossClosure closure = nullptr) override;
};

class FusedAdamW : public torch::optim::AdamW {
 public:
  using torch::optim::AdamW::AdamW;
  torch::Tensor step(LossClosure closure = nullptr) override;
};

}  // namespace comet
