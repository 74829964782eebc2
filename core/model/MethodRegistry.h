// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/data/Dataset.h"
#include "core/config/MethodNames.h"
#include "core/model/Network.h"

namespace comet {

// Builds the network of `model.method` for inputs of `inputs` features and
// `outputs` outputs. Seeds torch's generator with `seed` first, so that a method's
// weights depend only on (seed, config).
Network createNetwork(const ModelConfig& model, int64_t inputs, int64_t outputs, uint64_t seed);
// The network of `model.backbone` for one or several tasks: an MLP (model.method)
// whose output layer holds every task's outputs side by side, or a mixture of
// experts with one gate and one head per task (backbone moe), or a transformer
// whose head holds every task's outputs (vit, mixer).
Network createNetwork(const ModelConfig& model, int64_t inputs, const std::vector<TaskSpec>& tasks, uint64_t seed);
// The same for inputs of `inputShape` ({channels, height, width} or {features}):
// the transformer backbones (vit, mixer) need the image's shape.
Network createNetwork(const ModelConfig& model, const std::vector<int64_t>& inputShape,
                      const std::vector<TaskSpec>& tasks, uint64_t seed);

// The names the registry has factories for (equal to methodNames(); tst_methods
// checks it).
std::vector<std::string> registeredMethods();

// Trainable parameters (what the summary reports as params_trainable).
int64_t trainableParameters(const NetworkImpl& net);

}  // namespace comet
