// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/train/EpochHook.h"
#include "core/train/TextSampler.h"

namespace comet {

// A language model's text sample after every epoch (sample.*), seeded by the run's seed
// and the epoch, so a resumed run writes the same samples.
class SampleHook : public EpochHook {
 public:
  SampleHook(TextSampler sampler, uint64_t seed) : m_sampler(std::move(sampler)), m_seed(seed) {}
  void epochFinished(int64_t epoch, HookContext& ctx) override;

 private:
  TextSampler m_sampler;
  uint64_t m_seed;
};

}  // namespace comet
