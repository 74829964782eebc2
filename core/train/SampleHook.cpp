// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/SampleHook.h"

#include <torch/torch.h>

namespace comet {

void SampleHook::epochFinished(int64_t epoch, HookContext& ctx) {
  TextSample sample;
  sample.epoch = epoch;
  sample.prompt = m_sampler.prompt();
  sample.text = m_sampler.generate(ctx.net, m_seed * 1000003ull + static_cast<uint64_t>(epoch));
  for (auto* o : ctx.observers) o->textSampled(sample);
}

}  // namespace comet
