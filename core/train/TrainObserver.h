// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/probe/ProbeReport.h"
#include "core/train/Metrics.h"

namespace comet {

// How the trainer reports. Called on the training thread; implementations that
// feed a GUI must hand the values over to their own thread. The core never prints.
class TrainObserver {
 public:
  virtual ~TrainObserver() = default;
  virtual void runStarted(const RunInfo&) {}
  virtual void stepFinished(const StepRecord&) {}
  virtual void epochFinished(const EpochRecord&) {}
  virtual void probeFinished(const ProbeReport&) {}
  virtual void runFinished(const RunSummary&) {}
};

}  // namespace comet
