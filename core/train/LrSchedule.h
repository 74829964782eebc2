// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

#include "core/config/ExperimentConfig.h"

namespace comet {

// The learning rate of training step `step` (0-based, counted over the whole run)
// as a factor of train.lr (and of each optimizer group's own rate):
//   warm-up   (step + 1) / train.warmup_steps for the first warmup_steps steps
//   constant  1 after that
//   cosine    from 1 down to train.final_lr_fraction at the last step,
//             f + (1 - f) (1 + cos(pi s / S)) / 2 with s the steps after warm-up
//             and S those of the run after warm-up
// A function of the step alone, so a resumed run continues the same schedule.
// Torch-free.
double lrFactor(const TrainConfig& train, int64_t step, int64_t totalSteps);
// hasLrSchedule (whether the rate changes at all) is config vocabulary:
// core/config/ExperimentConfig.h.

}  // namespace comet
