// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/LrSchedule.h"

#include <algorithm>
#include <cmath>

namespace comet {

double lrFactor(const TrainConfig& c, int64_t step, int64_t totalSteps) {
  if (step < c.warmupSteps) return static_cast<double>(step + 1) / static_cast<double>(c.warmupSteps);
  if (c.lrSchedule != "cosine") return 1.0;
  const int64_t span = std::max<int64_t>(1, totalSteps - c.warmupSteps - 1);
  const double progress = std::min(1.0, static_cast<double>(step - c.warmupSteps) / static_cast<double>(span));
  const double pi = std::acos(-1.0);
  return c.finalLrFraction + (1 - c.finalLrFraction) * 0.5 * (1 + std::cos(pi * progress));
}

}  // namespace comet
