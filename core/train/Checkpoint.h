// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/model/Network.h"
#include "core/train/StatefulPart.h"
#include "core/train/TrainProgress.h"

namespace torch::optim {
class Optimizer;
}

namespace comet {

// checkpoint.pt: one LibTorch archive holding the model (parameters and buffers),
// the optimizer's state, torch's CPU generator state, the trainer's position and
// the history so far (TrainProgress), the state of the parts that have one
// (StatefulPart: each under "state_" + its name), and the resolved config it was
// trained with.
// Written atomically, so a kill leaves the previous checkpoint or the new one.
class Checkpoint {
 public:
  static constexpr const char* kFileName = "checkpoint.pt";

  static void save(const std::string& path, const NetworkImpl& net, const torch::optim::Optimizer& optimizer,
                   const TrainProgress& progress, const std::string& configYaml,
                   const std::vector<const StatefulPart*>& parts = {});

  // Restores `net` and `optimizer` (built from the same config) and returns the
  // progress. Throws RunError naming the path when the file is missing, not a
  // checkpoint, corrupt, or was written for a different config, or lacks the state
  // of one of `parts`.
  static TrainProgress load(const std::string& path, NetworkImpl& net, torch::optim::Optimizer& optimizer,
                            const std::string& configYaml, const std::vector<StatefulPart*>& parts = {});
};

}  // namespace comet
