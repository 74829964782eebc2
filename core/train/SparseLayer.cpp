// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/SparseLayer.h"

#include <ATen/Parallel.h>

#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "core/model/FastLinear.h"

namespace comet::sparse {
namespace {

// The kernels for AVX-512, AVX2+FMA and the baseline, chosen once at run time
// (__builtin_cpu_supports). Not GCC's target_clones: its ifunc resolvers run while
// the dynamic linker relocates, before a sanitizer's runtime is up (TSan crashes).
namespace avx512 {
#define COMET_KERNEL_ATTR __attribute__((target("avx512f")))
#include "core/train/SparseKernels.inc"
#undef COMET_KERNEL_ATTR
}  // namespace avx512
namespace avx2 {
#define COMET_KERNEL_ATTR __attribute__((target("avx2,fma")))
#define COMET_KERNEL_GATHER16
#include "core/train/SparseKernels.inc"
#undef COMET_KERNEL_GATHER16
#undef COMET_KERNEL_ATTR
}  // namespace avx2
namespace baseline {
#define COMET_KERNEL_ATTR
#include "core/train/SparseKernels.inc"
#undef COMET_KERNEL_ATTR
}  // namespace baseline

struct Kernels {
  float (*dotDense)(const float* w, const float* x, int64_t n);
  void (*dot4)(const float* w, const float* x0, const float* x1, const float* x2, const float* x3,
                       int64_t n, float* out);
  void (*axpy)(float* y, const float* x, float a, int64_t n);
  void (*update4)(float* w, const float* x0, const float* x1, const float* x2, const float* x3, const float* a,
                          int64_t n);
  void (*updateDense)(float* w, const float* x, float a, int64_t n);
  template <typename Index>
  using RowForward = void (*)(const float* w, float bias, const int64_t* byRow, int64_t q0, int64_t q1,
                              const int32_t* example, const int64_t* offset, const Index* index, const float* h,
                              float* z, const float* next, int64_t nextLen);
  template <typename Index>
  using RowBackward = float (*)(float* w, float lr, const int64_t* byRow, int64_t q0, int64_t q1,
                                const int32_t* example, const int64_t* offset, const Index* index, const float* h,
                                const float* delta, float* acc, const float* next, int64_t nextLen);
  RowForward<int32_t> gatherRowForward;
  RowBackward<int32_t> gatherRowBackward;
  RowForward<uint16_t> gatherRowForward16;  // where the layer below is at most 65536 wide
  RowBackward<uint16_t> gatherRowBackward16;
};

#define COMET_KERNELS(ns, gathers)                                                                          \
  Kernels{ns::dotDense,                        ns::dot4,                                                        \
          ns::axpy,                            ns::update4,                                                     \
          ns::updateDense,                     gathers::gatherRowForward<int32_t>,                              \
          gathers::gatherRowBackward<int32_t>, gathers::gatherRowForward<uint16_t>,                             \
          gathers::gatherRowBackward<uint16_t>}

// On AMD's AVX-512 cores (Zen 4 and Zen 5) the 16-lane gathers and scatters are
// slower than AVX2's 8-lane gathers (loads, GCC emits no gather instruction) with
// scalar stores: the width-3000, batch-256, p_k 0.1 step took 47.5 ms with them and
// 36.7 ms with AVX2's on Zen 4, 49 and 40 ms on Zen 5 (docs/performance.md).
// Intel's measured well with them, and keeps them.
const Kernels& kernels() {
  static const Kernels k = __builtin_cpu_supports("avx512f")
                               ? (__builtin_cpu_is("amd") ? COMET_KERNELS(avx512, avx2) : COMET_KERNELS(avx512, avx512))
                           : (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? COMET_KERNELS(avx2, avx2)
                                                                                                 : COMET_KERNELS(baseline, baseline);
  return k;
}
#undef COMET_KERNELS

// f(r0, r1) over the layer's rows, split between the threads by the number of
// entries (each row's work is proportional to its examples, and neurons are not
// equally popular), not by the number of rows.
template <typename F>
void forRowsByWork(const Entries& e, int64_t N, const F& f) {
  const int64_t parts = at::get_num_threads();
  const int64_t total = e.rowStart[static_cast<size_t>(N)];
  at::parallel_for(0, parts, 1, [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; ++t) {
      const auto rowAt = [&](int64_t part) {
        if (part >= parts) return N;
        const int64_t target = total * part / parts;
        return static_cast<int64_t>(std::lower_bound(e.rowStart.begin(), e.rowStart.begin() + N, target) -
                                    e.rowStart.begin());
      };
      const int64_t r0 = rowAt(t), r1 = rowAt(t + 1);
      if (r0 < r1) f(r0, r1);
    }
  });
}

// z of a GEMM layer: the dense product on the masked input, kept at the entries.
void forwardGemm(Layer& layer, int64_t batch) {
  Entries& e = layer.entries;
  const int64_t in = layer.in, N = layer.N;
  const float* hin = layer.input;
  const float* W = layer.W;
  const float* B = layer.B;
  std::vector<float> Z(static_cast<size_t>(batch * N));
  at::parallel_for(0, batch, 1, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) std::copy(B, B + N, Z.begin() + b * N);
  });
  sgemm('N', 'T', batch, N, in, 1.0f, hin, in, W, in, 1.0f, Z.data(), N);
  e.fromDense(Z.data(), N, e.z);
}

// z of a row-by-row layer: each weight row against the inputs of its examples.
void forwardRows(Layer& layer) {
  const Kernels& K = kernels();
  Entries& e = layer.entries;
  const int64_t in = layer.in, N = layer.N;
  const float* hin = layer.input;
  const float* W = layer.W;
  const float* B = layer.B;
  const Entries* below = layer.product == SparseProduct::Gather ? layer.below : nullptr;
  forRowsByWork(e, N, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const float* w = W + r * in;
      const int64_t q0 = e.rowStart[r], q1 = e.rowStart[r + 1];
      if (below) {
        const auto row = [&](auto kernel, const auto* index) {
          kernel(w, B[r], e.byRow.data(), q0, q1, e.example.data(), below->offset->data(), index, below->h.data(),
                 e.z.data(), w + in, r + 1 < r1 ? in : 0);
        };
        if (!below->index16.empty())
          row(K.gatherRowForward16, below->index16.data());
        else
          row(K.gatherRowForward, below->index->data());
        continue;
      }
      const auto input = [&](int64_t q) { return hin + e.example[e.byRow[q]] * in; };
      float z[4];
      for (int64_t q = q0; q < q1; q += 4) {
        if (q + 4 <= q1) {
          K.dot4(w, input(q), input(q + 1), input(q + 2), input(q + 3), in, z);
        } else {
          for (int64_t i = 0; i < q1 - q; ++i) z[i] = K.dotDense(w, input(q + i), in);
        }
        for (int64_t i = 0; i < std::min<int64_t>(4, q1 - q); ++i) e.z[e.byRow[q + i]] = z[i] + B[r];
      }
    }
  });
}

void backwardGemm(Layer& layer, int64_t batch, float lr, bool wantInput, InputGradient& out) {
  Entries& e = layer.entries;
  const int64_t in = layer.in, N = layer.N;
  const float* hin = layer.input;
  float* W = layer.W;
  float* B = layer.B;
  std::vector<float> deltaStore(static_cast<size_t>(batch * N), 0.0f);
  e.toDense(e.delta, deltaStore.data(), N);
  if (wantInput) {
    out.buffers.emplace_back(static_cast<size_t>(batch * in));
    sgemm('N', 'N', batch, in, N, 1.0f, deltaStore.data(), N, W, in, 0.0f, out.buffers.back().data(), in);
  }
  sgemm('T', 'N', N, in, batch, -lr, deltaStore.data(), N, hin, in, 1.0f, W, in);
  at::parallel_for(0, N, 256, [&](int64_t r0, int64_t r1) {
    std::vector<float> gb(static_cast<size_t>(r1 - r0), 0.0f);
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t r = r0; r < r1; ++r) gb[r - r0] += deltaStore[b * N + r];
    for (int64_t r = r0; r < r1; ++r) B[r] -= lr * gb[r - r0];
  });
}

void backwardRows(Layer& layer, int64_t batch, float lr, bool wantInput, InputGradient& out) {
  const Kernels& K = kernels();
  Entries& e = layer.entries;
  const int64_t in = layer.in, N = layer.N;
  const float* hin = layer.input;
  float* W = layer.W;
  float* B = layer.B;
  const Entries* compact = layer.product == SparseProduct::Gather ? layer.below : nullptr;
  out.compact = compact != nullptr;
  if (wantInput)
    out.buffers.assign(static_cast<size_t>(at::get_num_threads()),
                       std::vector<float>(compact ? compact->delta.size() : static_cast<size_t>(batch * in), 0.0f));
  forRowsByWork(e, N, [&](int64_t r0, int64_t r1) {
    float* acc = wantInput ? out.buffers[static_cast<size_t>(at::get_thread_num())].data() : nullptr;
    for (int64_t r = r0; r < r1; ++r) {
      float* w = W + r * in;
      float gb = 0.0f;
      if (compact) {
        const auto row = [&](auto kernel, const auto* index) {
          return kernel(w, lr, e.byRow.data(), e.rowStart[r], e.rowStart[r + 1], e.example.data(),
                        compact->offset->data(), index, compact->h.data(), e.delta.data(), acc, w + in,
                        r + 1 < r1 ? in : 0);
        };
        B[r] -= lr * (!compact->index16.empty() ? row(K.gatherRowBackward16, compact->index16.data())
                                                : row(K.gatherRowBackward, compact->index->data()));
        continue;
      }
      if (acc)
        for (int64_t q = e.rowStart[r]; q < e.rowStart[r + 1]; ++q) {
          const int64_t p = e.byRow[q];
          K.axpy(acc + e.example[p] * in, w, e.delta[p], in);
        }
      const int64_t q0 = e.rowStart[r], q1 = e.rowStart[r + 1];
      const auto input = [&](int64_t q) { return hin + e.example[e.byRow[q]] * in; };
      for (int64_t q = q0; q < q1; ++q) gb += e.delta[e.byRow[q]];
      int64_t q = q0;
      for (; q + 4 <= q1; q += 4) {
        const float a[4] = {lr * e.delta[e.byRow[q]], lr * e.delta[e.byRow[q + 1]], lr * e.delta[e.byRow[q + 2]],
                            lr * e.delta[e.byRow[q + 3]]};
        K.update4(w, input(q), input(q + 1), input(q + 2), input(q + 3), a, in);
      }
      for (; q < q1; ++q) K.updateDense(w, input(q), lr * e.delta[e.byRow[q]], in);
      B[r] -= lr * gb;
    }
  });
}

}  // namespace

void Entries::toDense(const std::vector<float>& values, float* dense, int64_t width) const {
  at::parallel_for(0, examples(), 1, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b)
      for (int64_t p = begin(b); p < end(b); ++p) dense[b * width + (*index)[p]] = values[p];
  });
}

void Entries::fromDense(const float* dense, int64_t width, std::vector<float>& values) const {
  at::parallel_for(0, examples(), 1, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b)
      for (int64_t p = begin(b); p < end(b); ++p) values[p] = dense[b * width + (*index)[p]];
  });
}

void forward(Layer& layer, int64_t batch) {
  if (layer.product == SparseProduct::Gemm)
    forwardGemm(layer, batch);
  else
    forwardRows(layer);
}

InputGradient backward(Layer& layer, int64_t batch, float lr, bool wantInput) {
  InputGradient out;
  if (layer.product == SparseProduct::Gemm)
    backwardGemm(layer, batch, lr, wantInput, out);
  else
    backwardRows(layer, batch, lr, wantInput, out);
  return out;
}

}  // namespace comet::sparse
