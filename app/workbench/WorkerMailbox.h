// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <mutex>
#include <utility>
#include <variant>
#include <vector>

#include "core/probe/ProbeReport.h"
#include "core/train/Metrics.h"

namespace comet::workbench {

// One thing the worker reports about run `runId`, in the order it happened.
struct WorkerEvent {
  int runId = 0;
  std::variant<RunInfo, EpochRecord, ProbeReport, TextSample, RunSummary> value;
};

// Everything the worker thread hands to the GUI thread, under one std::mutex:
// per-step values (taken in batches by a GUI timer at ~30 Hz) and the run's events
// (taken in order when the worker's argument-free `posted` signal arrives). No
// value crosses the threads inside a queued signal, so the hand-off is one the
// C++ memory model and ThreadSanitizer both see (Qt's own event queue synchronises
// inside an uninstrumented library).
class WorkerMailbox {
 public:
  void pushStep(int runId, const StepRecord& step) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_steps.emplace_back(runId, step);
  }
  void post(WorkerEvent event) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_events.push_back(std::move(event));
  }
  std::vector<std::pair<int, StepRecord>> takeSteps() {
    std::vector<std::pair<int, StepRecord>> out;
    const std::lock_guard<std::mutex> lock(m_mutex);
    out.swap(m_steps);
    return out;
  }
  std::vector<WorkerEvent> takeEvents() {
    std::vector<WorkerEvent> out;
    const std::lock_guard<std::mutex> lock(m_mutex);
    out.swap(m_events);
    return out;
  }

 private:
  std::mutex m_mutex;
  std::vector<std::pair<int, StepRecord>> m_steps;
  std::vector<WorkerEvent> m_events;
};

}  // namespace comet::workbench
