// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <optional>

#include "core/train/TrainObserver.h"

namespace comet::cli {

// The terminal progress of `comet run` on stderr: a bar redrawn at most 10 times a
// second (epoch, step, loss, ETA) on a terminal, and one line per epoch always.
class ProgressBar : public TrainObserver {
 public:
  ProgressBar();
  void runStarted(const RunInfo& info) override;
  void stepFinished(const StepRecord& step) override;
  void epochFinished(const EpochRecord& epoch) override;
  void textSampled(const TextSample& sample) override;
  void continualEvaluated(const ContinualReport& report) override;
  void runFinished(const RunSummary& summary) override;

 private:
  void clearLine();
  bool m_tty;
  RunInfo m_info;
  double m_smoothedLoss = -1;
  int64_t m_epochStartStep = 0;   // steps done when the epoch in progress began
  int64_t m_epochSteps = 0;       // its steps
  std::optional<ContinualReport> m_continual;
  std::chrono::steady_clock::time_point m_lastDraw;
};

std::string formatDuration(double seconds);

}  // namespace comet::cli
