// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace comet::workbench {

// Pause for a trainer that has none: the worker calls waitWhilePaused() after each
// step and blocks on a condition variable while paused. A stop request must call
// wake() after setting its flag, so that a paused worker sees it.
class PauseGate {
 public:
  void setPaused(bool paused);
  bool isPaused() const;
  void wake();
  void waitWhilePaused(const std::atomic<bool>& stop);

 private:
  mutable std::mutex m_mutex;
  std::condition_variable m_wakeUp;
  bool m_paused = false;
};

}  // namespace comet::workbench
