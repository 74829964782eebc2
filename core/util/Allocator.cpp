// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/Allocator.h"

#include <malloc.h>

#include <cstdlib>
#include <cstring>

namespace comet {

bool keepLargeBlocksForReuse() {
  static const bool applied = [] {
    const char* choice = std::getenv("COMET_MALLOC");
    if (choice != nullptr && std::strcmp(choice, "system") == 0) return false;
    return mallopt(M_MMAP_MAX, 0) == 1 && mallopt(M_TRIM_THRESHOLD, 512 << 20) == 1;
  }();
  return applied;
}

}  // namespace comet
