// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/ExperimentConfig.h"

namespace comet {

std::vector<int64_t> hiddenWidths(const ModelConfig& model) {
  if (model.widths.size() == 1)
    return std::vector<int64_t>(static_cast<size_t>(model.hiddenLayers), model.widths.front());
  return model.widths;
}

}  // namespace comet
