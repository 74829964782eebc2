// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include "core/config/ConfigLoader.h"
#include "core/config/ExperimentConfig.h"

namespace comet {

// What is wrong with a config's continual.* keys against each other and against the
// rest of the config, pinned to the key it is best fixed at; nothing when they fit
// (or continual.sequence is none). What needs the data (a class the dataset does not
// have, a replay buffer larger than the training split) is checked when the sequence
// is built (core/data/TaskSequence.h).
std::optional<ConfigProblem> continualProblem(const ExperimentConfig& config);

}  // namespace comet
