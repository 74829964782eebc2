// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/StandardMlp.h"

namespace comet {

// `l1`: the dense MLP plus an L1 penalty lambda * sum_l sum |W_l| over the weight
// matrices of every layer, hidden and output; biases are not penalised (the usual
// convention: a bias scales no input, so shrinking it does not sparsify anything).
// The published code's `standard_model_l1` adds no penalty at all; this one does.
class L1Mlp : public StandardMlp {
 public:
  L1Mlp(int64_t inputs, std::vector<int64_t> widths, int64_t outputs, double lambda,
        const std::string& activation, const std::string& norm);
  torch::Tensor penalty() override;
  double lambda() const { return m_lambda; }

 private:
  double m_lambda;
};

}  // namespace comet
