// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace comet {

// OpenMP threads that sleep while they wait: when neither OMP_WAIT_POLICY nor
// GOMP_SPINCOUNT is set, sets OMP_WAIT_POLICY=PASSIVE and executes the program again with
// the same arguments (it does not return then); otherwise returns.
//
// libgomp (LibTorch's, oneDNN's and our kernels' thread pool) spins between parallel
// regions by default. On a machine whose cores another program is using, a spinning
// thread holds the core that the thread it waits for needs: the gates preset beside two
// busy compiles took 366-380 ms a step instead of 16-25 (docs/performance.md, "A shared
// machine"). libgomp reads its environment once, when it is loaded, before main() runs,
// so setting the variable in main() is too late, and an executable's preinit array runs
// before the C library takes its environment, which then drops what was set. Hence the
// second exec: it costs a second load of the libraries (comet --version: 2.0 s instead of
// 1.1 s, paired runs), once, and child processes (sweep cells, Slurm jobs) inherit the
// variable. Call it first in main(). Torch-free.
void execWithPassiveWait(char** argv);

}  // namespace comet
