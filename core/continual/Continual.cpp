// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/continual/Continual.h"

#include "core/continual/ContinualEvaluation.h"
#include "core/continual/Ewc.h"
#include "core/train/Trainer.h"

namespace comet {

std::shared_ptr<ContinualStream> makeContinualStream(const ExperimentConfig& config,
                                                     std::shared_ptr<const DataSplits> data) {
  return std::make_shared<ContinualStream>(config, std::move(data));
}

void addContinualHooks(Trainer& trainer, const std::shared_ptr<ContinualStream>& stream) {
  const auto& config = trainer.config();
  trainer.addHook(std::make_unique<ContinualEvaluation>(stream));
  if (config.continual.strategy == "ewc")
    trainer.addHook(std::make_unique<Ewc>(config.continual, config.seed, stream, trainer.loss(), *trainer.network()));
}

}  // namespace comet
