// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

namespace comet {

// y = x W^T + b with autograd, computed with oneDNN's sgemm for contiguous float32
// CPU tensors and with torch::linear otherwise.
//
// Why: Debian's libtorch sends matrix products to the system BLAS, and the
// OpenBLAS 0.3.21 of bookworm does not know recent Xeons and falls back to its
// generic "Prescott" kernels; oneDNN (already linked by libtorch) picks AVX-512 or
// AVX2 kernels at run time. Measured on the 2-core CI machine, a 32x1000x1000
// product: 0.38 ms with oneDNN, 1.55 ms with OpenBLAS (docs/performance.md).
// `bias` may be undefined.
torch::Tensor fastLinear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias);

// Row-major C[m, n] = alpha op(A) op(B) + beta C with oneDNN's sgemm; op is 'N'
// (as stored) or 'T' (transposed). Sparse execution's GEMM layers call it.
void sgemm(char ta, char tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda, const float* b,
           int64_t ldb, float beta, float* c, int64_t ldc);

// Turns the oneDNN path off (true) for comparisons; the COMET_GEMM=torch
// environment variable does the same at start-up.
void setTorchGemm(bool useTorch);
bool usingTorchGemm();

}  // namespace comet
