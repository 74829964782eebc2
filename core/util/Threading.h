// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace comet {

// Sets the thread counts of torch's intra-op pool and of OpenBLAS together, so
// that the two pools never oversubscribe the cores. `requested` 0 picks the
// measured default (docs/performance.md). Returns the count in use.
int applyThreads(int requested);

// The thread count that applyThreads(0) chooses on this machine.
int defaultThreads();

struct RuntimeInfo {
  std::string torchVersion;
  std::string blas;        // e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH ... (pthread)"
  std::string gemm;        // what the linear layers multiply with: "oneDNN 2.6.3 (cpu: avx512_core)"
  int torchThreads = 0;
  int blasThreads = 0;     // -1 when the BLAS does not say
  int hardwareThreads = 0;
  // How OpenMP threads wait between parallel regions: "OMP_WAIT_POLICY=PASSIVE"
  // (what every COMET program sets unless the user chose: util/WaitPolicy.h),
  // or the user's OMP_WAIT_POLICY or GOMP_SPINCOUNT.
  std::string waitPolicy;
};
RuntimeInfo runtimeInfo();

}  // namespace comet
