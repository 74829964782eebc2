// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

#include "core/train/ContinualMetrics.h"

namespace comet::cli {

// A task sequence's accuracy matrix as `comet run` prints it at the end: one row per
// task trained, one column per task tested, in percent ("." where not evaluated),
// then b (random initialisation), ACC, BWT, FWT and the mean forgetting.
std::string formatAccuracyMatrix(const ContinualReport& report);

}  // namespace comet::cli
