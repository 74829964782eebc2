// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/model/StandardMlp.h"

namespace comet {

// The widths of a `smaller` MLP: max(1, floor(p_k N_l)) per hidden layer (capK).
std::vector<int64_t> smallerWidths(const std::vector<int64_t>& widths, double pk);

// `smaller`: the dense MLP with hidden widths floor(p_k N_l) (at least 1): as many
// active hidden units per example as COMET, but always the same ones.
class SmallerMlp : public StandardMlp {
 public:
  SmallerMlp(int64_t inputs, const std::vector<int64_t>& widths, int64_t outputs, double pk,
             const std::string& activation, const std::string& norm);
};

}  // namespace comet
