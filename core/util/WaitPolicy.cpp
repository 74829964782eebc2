// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/WaitPolicy.h"

#include <unistd.h>

#include <cstdlib>

namespace comet {

void execWithPassiveWait(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr || std::getenv("GOMP_SPINCOUNT") != nullptr) return;
  setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
  execv("/proc/self/exe", argv);
  // Only when exec failed (no /proc): carry on with libgomp's default.
}

}  // namespace comet
