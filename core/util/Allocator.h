// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace comet {

// Makes glibc's malloc keep freed large blocks for reuse instead of returning them
// to the kernel. By default a block above 32 MiB is a fresh mmap on every
// allocation, and torch frees and allocates the weight gradient of a 3000x3000
// layer (36 MB) on every step: the kernel then faults in and zero-fills 70 MB a
// step at width 3000, about a fifth of the step (docs/performance.md). Sets
// M_MMAP_MAX to 0 (large blocks come from the heap) and M_TRIM_THRESHOLD to
// 512 MiB (the heap keeps up to that much free memory). Once per process;
// COMET_MALLOC=system leaves glibc's defaults, for comparisons. Returns whether
// the settings were applied.
bool keepLargeBlocksForReuse();

}  // namespace comet
