// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/Metrics.h"

namespace comet {

std::string toString(RunStatus status) {
  switch (status) {
    case RunStatus::Running: return "running";
    case RunStatus::Completed: return "completed";
    case RunStatus::Stopped: return "stopped";
    case RunStatus::Diverged: return "diverged";
    case RunStatus::Failed: return "failed";
  }
  return "failed";
}

RunStatus runStatusFromString(const std::string& text) {
  for (auto s : {RunStatus::Running, RunStatus::Completed, RunStatus::Stopped, RunStatus::Diverged})
    if (toString(s) == text) return s;
  return RunStatus::Failed;
}

}  // namespace comet
