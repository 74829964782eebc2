// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include "core/probe/GateProbe.h"
#include "core/probe/MaskProbe.h"
#include "core/train/EpochHook.h"

namespace comet {

// The probe of a run's routing as one report per probed epoch: COMET's (or any masked
// method's) neuron usage and mask overlap, a mixture of experts' gate weights, or both.
// After each epoch but the last when probe.every_epoch is set, and always at the end of
// the run.
class ProbeHook : public EpochHook {
 public:
  // Either probe may be null (not both).
  ProbeHook(const ProbeConfig& config, int64_t epochs, std::unique_ptr<MaskProbe> masks,
            std::unique_ptr<GateProbe> gates);
  ~ProbeHook() override;
  void epochFinished(int64_t epoch, HookContext& ctx) override;
  void runFinished(int64_t epochsDone, HookContext& ctx) override;

 private:
  void probe(int64_t epoch, HookContext& ctx);

  bool m_everyEpoch;
  int64_t m_epochs;
  std::unique_ptr<MaskProbe> m_masks;
  std::unique_ptr<GateProbe> m_gates;
};

}  // namespace comet
