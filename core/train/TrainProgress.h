// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

#include "core/train/Metrics.h"

namespace comet {

// Where a run stands: everything besides the model and optimizer that a resumed run
// needs to continue exactly where it stopped. The batch order is a pure function of
// (seed, epoch), so the position in it is enough. No torch in this header.
struct TrainProgress {
  int64_t epoch = 1;         // the epoch in progress (1-based); epochs + 1 when finished
  int64_t stepInEpoch = 0;   // batches of `epoch` already done
  int64_t stepsDone = 0;     // over the whole run
  // The running means of the epoch in progress.
  double lossSum = 0;        // sum of batch loss * batch size
  int64_t lossCount = 0;     // examples seen this epoch
  double correct = 0;        // correct predictions this epoch (classification)
  // Multi-task runs: per task, the epoch's sum of batch loss * batch size and its
  // correct predictions (classification tasks).
  std::vector<double> taskLossSum;
  std::vector<double> taskCorrect;
  double epochSeconds = 0;   // wall time of the epoch in progress, earlier sessions included
  double bestValAcc = kNaN;
  double bestValLoss = kNaN;
  double seconds = 0;        // training wall time of the whole run so far
  std::vector<EpochRecord> epochs;  // every finished epoch
  std::vector<StepRecord> steps;    // every finished step
};

}  // namespace comet
