// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

#include "core/train/Metrics.h"
#include "core/util/Meter.h"

namespace comet {

// Where a run stands: everything besides the model and optimizer that a resumed run needs
// to continue exactly where it stopped. The batch order is a pure function of (seed,
// epoch), so the position in it is enough. No torch in this header.
struct TrainProgress {
  int64_t epoch = 1;        // the epoch in progress (1-based); epochs + 1 when finished
  int64_t stepInEpoch = 0;  // batches of `epoch` already done
  int64_t stepsDone = 0;    // over the whole run
  // The meters of the epoch in progress.
  MeanMeter loss;     // the training loss over the examples seen
  MeanMeter correct;  // correct predictions (classification; a multi-task run's
                      // mean over its tasks)
  // Multi-task runs: per task, the loss and the correct predictions (classification
  // tasks).
  std::vector<MeanMeter> taskLoss;
  std::vector<MeanMeter> taskCorrect;
  double epochSeconds = 0;  // wall time of the epoch in progress, earlier sessions included
  double bestValAcc = kNaN;
  double bestValLoss = kNaN;
  double seconds = 0;               // training wall time of the whole run so far
  std::vector<EpochRecord> epochs;  // every finished epoch
  std::vector<StepRecord> steps;    // every finished step

  // Empties the meters for the next epoch (`tasks` per-task meters).
  void resetMeters(size_t tasks) {
    loss.reset();
    correct.reset();
    taskLoss.assign(tasks, MeanMeter{});
    taskCorrect.assign(tasks, MeanMeter{});
    epochSeconds = 0;
  }
};

}  // namespace comet
