// SPDX-License-Identifier: GPL-3.0-or-later
#include <torch/torch.h>

#include "core/train/EpochHook.h"
#include "core/train/ProbeHook.h"
#include "core/train/SampleHook.h"

namespace comet {

std::vector<std::unique_ptr<EpochHook>> makeEpochHooks(const ExperimentConfig& config, const DataSplits& d,
                                                       const NetworkImpl& net, const std::vector<TaskSpec>& tasks) {
  std::vector<std::unique_ptr<EpochHook>> hooks;
  if (d.languageModel() && config.sample.enabled)
    hooks.push_back(std::make_unique<SampleHook>(TextSampler(d.vocabulary, config.model.contextLength, config.sample),
                                                 config.seed));
  const Dataset& split = d.val.size() >= 2 ? d.val : d.test;
  if (!config.probe.enabled || split.size() < 2) return hooks;
  std::unique_ptr<MaskProbe> masks;
  if (net.hasMasks() && d.languageModel())  // the items are characters
    masks = std::make_unique<MaskProbe>(MaskProbe::forCharacters(config.probe, split.x, d.numClasses));
  else if (net.hasMasks())
    masks = std::make_unique<MaskProbe>(config.probe, split.x,
                                        d.multiTask() ? split.y.select(1, 0).to(torch::kLong) : split.y,
                                        d.task == Task::Classification ? d.numClasses : 0);
  std::unique_ptr<GateProbe> gates;
  if (net.hasGates()) gates = std::make_unique<GateProbe>(config.probe, split.x, split.y, tasks);
  if (masks || gates)
    hooks.push_back(std::make_unique<ProbeHook>(config.probe, config.train.epochs, std::move(masks), std::move(gates)));
  return hooks;
}

}  // namespace comet
