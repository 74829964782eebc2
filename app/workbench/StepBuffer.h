// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <mutex>
#include <utility>
#include <vector>

#include "core/train/Metrics.h"

namespace comet::workbench {

// Per-step values from the worker thread, handed to the GUI in batches: the
// worker appends under the mutex, a GUI timer takes everything at ~30 Hz.
class StepBuffer {
 public:
  void push(int runId, const StepRecord& step) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_pending.emplace_back(runId, step);
  }
  std::vector<std::pair<int, StepRecord>> takeAll() {
    std::vector<std::pair<int, StepRecord>> out;
    const std::lock_guard<std::mutex> lock(m_mutex);
    out.swap(m_pending);
    return out;
  }

 private:
  std::mutex m_mutex;
  std::vector<std::pair<int, StepRecord>> m_pending;
};

}  // namespace comet::workbench
