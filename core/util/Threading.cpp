// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/Threading.h"

#include <dlfcn.h>
#include <oneapi/dnnl/dnnl.h>
#include <torch/torch.h>

#include <cstdlib>
#include <thread>

namespace comet {
namespace {

// OpenBLAS is reached through Debian's libblas.so.3 alternative, so it is looked up
// at run time: with the reference BLAS these symbols are absent.
template <typename Fn>
Fn blasSymbol(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, name));
}

}  // namespace

int defaultThreads() {
  // Measured on 2 cores (docs/performance.md): torch's pool as large as the
  // machine; applyThreads pins OpenBLAS to one thread (torch's own threads call it).
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

int applyThreads(int requested) {
  const int n = requested > 0 ? requested : defaultThreads();
  torch::set_num_threads(n);
  if (auto setBlas = blasSymbol<void (*)(int)>("openblas_set_num_threads")) setBlas(1);
  return n;
}

RuntimeInfo runtimeInfo() {
  RuntimeInfo info;
  info.torchVersion = TORCH_VERSION;
  info.torchThreads = torch::get_num_threads();
  info.hardwareThreads = static_cast<int>(std::thread::hardware_concurrency());
  if (const char* policy = std::getenv("OMP_WAIT_POLICY")) info.waitPolicy = std::string("OMP_WAIT_POLICY=") + policy;
  else if (const char* spin = std::getenv("GOMP_SPINCOUNT")) info.waitPolicy = std::string("GOMP_SPINCOUNT=") + spin;
  else info.waitPolicy = "libgomp's default (spins up to 300000 times)";
  const dnnl_version_t* v = dnnl_version();
  info.gemm = "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch) +
              " sgemm (FastLinear; COMET_GEMM=torch uses the BLAS below)";
  if (auto config = blasSymbol<char* (*)()>("openblas_get_config")) {
    info.blas = config();
    auto parallel = blasSymbol<int (*)()>("openblas_get_parallel");
    if (parallel) info.blas += parallel() == 1 ? " (pthreads)" : parallel() == 2 ? " (OpenMP)" : " (sequential)";
    auto threads = blasSymbol<int (*)()>("openblas_get_num_threads");
    info.blasThreads = threads ? threads() : -1;
  } else if (blasSymbol<void* >("mkl_get_max_threads")) {
    info.blas = "Intel MKL";
    info.blasThreads = -1;
  } else {
    info.blas = "reference BLAS or unknown (install libopenblas0-pthread: about 20x faster)";
    info.blasThreads = -1;
  }
  return info;
}

}  // namespace comet
