// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/model/MethodNames.h"
#include "core/model/Network.h"

namespace comet {

// Builds the network of `model.method` for inputs of `inputs` features and
// `outputs` outputs. Seeds torch's generator with `seed` first, so that a method's
// weights depend only on (seed, config).
Network createNetwork(const ModelConfig& model, int64_t inputs, int64_t outputs, uint64_t seed);

// The names the registry has factories for (equal to methodNames(); tst_methods
// checks it).
std::vector<std::string> registeredMethods();

// Trainable parameters (what the summary reports as params_trainable).
int64_t trainableParameters(const NetworkImpl& net);

}  // namespace comet
