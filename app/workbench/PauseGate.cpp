// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/PauseGate.h"

namespace comet::workbench {

void PauseGate::setPaused(bool paused) {
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_paused = paused;
  }
  m_wakeUp.notify_all();
}

bool PauseGate::isPaused() const {
  const std::lock_guard<std::mutex> lock(m_mutex);
  return m_paused;
}

void PauseGate::wake() {
  { const std::lock_guard<std::mutex> lock(m_mutex); }
  m_wakeUp.notify_all();
}

void PauseGate::waitWhilePaused(const std::atomic<bool>& stop) {
  std::unique_lock<std::mutex> lock(m_mutex);
  m_wakeUp.wait(lock, [&] { return !m_paused || stop.load(); });
}

}  // namespace comet::workbench
