// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include "core/config/ExperimentConfig.h"
#include "core/continual/ContinualStream.h"
#include "core/data/Dataset.h"

namespace comet {

class Trainer;

// Continual learning's parts for one run (docs/continual.md): build the stream from
// the config and the data before the trainer (Trainer takes it), then add the hooks to
// the trainer before it resumes or runs: the evaluation of every task (the accuracy
// matrix) and the strategy's own (EWC's penalty). Throws ConfigError naming the
// continual key that does not fit the data.
std::shared_ptr<ContinualStream> makeContinualStream(const ExperimentConfig& config,
                                                     std::shared_ptr<const DataSplits> data);
void addContinualHooks(Trainer& trainer, const std::shared_ptr<ContinualStream>& stream);

}  // namespace comet
