// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/probe/ProbeReport.h"
#include "core/train/ContinualMetrics.h"
#include "core/train/Metrics.h"

#include <vector>

namespace comet {

// How the trainer reports. Called on the training thread; implementations that
// feed a GUI must hand the values over to their own thread. The core never prints.
class TrainObserver {
 public:
  virtual ~TrainObserver() = default;
  virtual void runStarted(const RunInfo&) {}
  // Right after runStarted when the run continues from a checkpoint: the epochs
  // and steps done before (info.resumedAtStep == steps.size()).
  virtual void runResumed(const std::vector<EpochRecord>& epochs, const std::vector<StepRecord>& steps) {}
  virtual void stepFinished(const StepRecord&) {}
  virtual void epochFinished(const EpochRecord&) {}
  virtual void probeFinished(const ProbeReport&) {}
  // A language model's text sample, right after epochFinished (sample.enabled).
  virtual void textSampled(const TextSample&) {}
  // A task sequence's evaluation of every task, right after epochFinished.
  virtual void continualEvaluated(const ContinualReport&) {}
  // checkpoint.pt now holds the state after `step` steps.
  virtual void checkpointSaved(int64_t step) {}
  virtual void runFinished(const RunSummary&) {}
};

}  // namespace comet
