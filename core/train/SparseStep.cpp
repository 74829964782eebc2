// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/SparseStep.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/model/Activation.h"
#include "core/model/CometMlp.h"
#include "core/model/FastLinear.h"
#include "core/train/Execution.h"
#include "core/util/Error.h"

namespace comet {
namespace {

// One layer's active entries for the batch: entry p is neuron index[p] of example
// example[p]; byRow lists the entries of each neuron (rowStart: N + 1 offsets).
struct Entries {
  const std::vector<int64_t>* offset = nullptr;
  const std::vector<int32_t>* index = nullptr;
  std::vector<int32_t> example;
  std::vector<int64_t> rowStart;
  std::vector<int64_t> byRow;
  std::vector<float> z, h, dz, delta;  // dz: f'(z)

  // byRows: also the entries of each neuron (the products that run row by row).
  void build(const MaskCache::ActiveLists& a, int64_t width, bool byRows) {
    offset = &a.offset;
    index = &a.index;
    const int64_t total = static_cast<int64_t>(a.index.size());
    const int64_t batch = static_cast<int64_t>(a.offset.size()) - 1;
    z.assign(static_cast<size_t>(total), 0.0f);
    h.assign(static_cast<size_t>(total), 0.0f);
    dz.assign(static_cast<size_t>(total), 0.0f);
    delta.assign(static_cast<size_t>(total), 0.0f);
    if (!byRows) return;
    example.resize(static_cast<size_t>(total));
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t p = a.offset[b]; p < a.offset[b + 1]; ++p) example[p] = static_cast<int32_t>(b);
    rowStart.assign(static_cast<size_t>(width + 1), 0);
    for (int32_t j : a.index) ++rowStart[static_cast<size_t>(j) + 1];
    for (int64_t r = 0; r < width; ++r) rowStart[r + 1] += rowStart[r];
    byRow.resize(static_cast<size_t>(total));
    std::vector<int64_t> fill(rowStart.begin(), rowStart.end() - 1);
    for (int64_t p = 0; p < total; ++p) byRow[fill[a.index[p]]++] = p;
  }
  int64_t begin(int64_t b) const { return (*offset)[b]; }
  int64_t end(int64_t b) const { return (*offset)[b + 1]; }
};

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
#include "core/train/SparseKernels.inc"
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
  float (*dotGather)(const float* w, const int32_t* idx, const float* h, int64_t n);
  void (*accumulateGather)(float* acc, const float* w, const int32_t* idx, float d, int64_t n);
  void (*updateScatter)(float* w, const int32_t* idx, const float* h, float a, int64_t n);
  void (*axpy)(float* y, const float* x, float a, int64_t n);
  void (*update4)(float* w, const float* x0, const float* x1, const float* x2, const float* x3, const float* a,
                          int64_t n);
  void (*updateDense)(float* w, const float* x, float a, int64_t n);
};

#define COMET_KERNELS(ns, gathers)                                                                          \
  Kernels{ns::dotDense,      ns::dot4, gathers::dotGather, gathers::accumulateGather, gathers::updateScatter, \
          ns::axpy,          ns::update4, ns::updateDense}

// On AMD's AVX-512 cores (Zen 4 and later) the 16-lane gathers and scatters are
// slower than AVX2's 8-lane gathers with scalar stores: the width-3000, batch-256,
// p_k 0.1 step took 47.5 ms with them and 36.7 ms with AVX2's (docs/performance.md).
// Intel's measured well with them, and keeps them.
const Kernels& kernels() {
  static const Kernels k = __builtin_cpu_supports("avx512f")
                               ? (__builtin_cpu_is("amd") ? COMET_KERNELS(avx512, avx2) : COMET_KERNELS(avx512, avx512))
                           : (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? COMET_KERNELS(avx2, avx2)
                                                                                                 : COMET_KERNELS(baseline, baseline);
  return k;
}
#undef COMET_KERNELS

constexpr int64_t kRowGrain = 16;

}  // namespace

double sparseGemmThreshold(int64_t batch) {
  const double t = std::clamp((std::log2(static_cast<double>(batch)) - 5.0) / 3.0, 0.0, 1.0);  // 32 -> 0, 256 -> 1
  return 0.4 + t * (0.15 - 0.4);
}

SparseProduct sparseProduct(const std::string& forced, size_t layer, int64_t batch, int64_t fanIn, double density,
                            double inDensity) {
  if (forced == "gemm") return SparseProduct::Gemm;
  // Row by row: the layer below's activations read column-dense (contiguous, the
  // batch's [batch, N] activations) or through its active lists (gathers over k of
  // N). Column-dense wins while the batch's activations fit in L2 (2 MiB a core on
  // the machine measured); beyond, gathers (the lists are 10x smaller at p_k 0.1).
  // The first layer's input, the data, is dense.
  SparseProduct rows = SparseProduct::ColumnDense;
  if (layer > 0 && forced != "dense" &&
      (forced == "gather" || batch * fanIn * static_cast<int64_t>(sizeof(float)) > (int64_t{2} << 20)))
    rows = SparseProduct::Gather;
  if (!forced.empty()) return rows;
  // Where the GEMM wins: a column-dense product does density x the GEMM's
  // multiply-adds, a gather product density x input density, each at a fraction
  // of the GEMM's speed that shrinks as the batch grows.
  const double threshold = sparseGemmThreshold(batch);
  const bool gemm = rows == SparseProduct::Gather ? density * inDensity >= threshold * threshold : density >= threshold;
  return gemm ? SparseProduct::Gemm : rows;
}

SparseCometStep::SparseCometStep(CometMlp& net, const ExperimentConfig& config, bool classification)
    : m_net(net), m_activation(config.model.activation), m_lr(static_cast<float>(config.train.lr)),
      m_classification(classification) {
  const char* kernel = std::getenv("COMET_SPARSE_KERNEL");
  m_forcedKernel = kernel ? kernel : "";
  const std::string why = sparseIneligibility(config);
  if (!why.empty()) throw ConfigError("model.execution: sparse cannot run this experiment: " + why);
  activationDerivative(m_activation, torch::zeros({1}));  // a ConfigError naming the key if unknown
}

double SparseCometStep::step(const torch::Tensor& xIn, const torch::Tensor& yIn, const torch::Tensor& indices,
                             double& correct) {
  // Example b needs the rows of W_l of its k_l active neurons only. Each layer
  // computes its products one of three ways (sparseProduct): neuron by neuron, a
  // weight row loaded once for the ~p_k * batch examples that use it and
  // multiplied with each one's input column-dense (its whole, mostly zero input
  // vector: contiguous dots and axpys, four examples at a time) or through its
  // active list (gathers); or, where the layer is too dense for either to win, as
  // the dense layer's GEMMs on the masked activations with the SGD step folded
  // into the weight-gradient GEMM.
  torch::NoGradGuard noGrad;
  const Kernels& K = kernels();
  const MaskCache& cache = m_net.maskCache();
  TORCH_CHECK(!cache.empty(), "sparse execution needs the mask cache: prepare() first");
  const auto backbone = m_net.backbone();
  const std::vector<int64_t>& widths = backbone->widths();
  const size_t L = widths.size();
  const auto x = xIn.to(torch::kFloat32).contiguous();
  const int64_t batch = x.size(0), inputs = x.size(1);
  const float lr = m_lr;

  const std::vector<MaskCache::ActiveLists> lists = cache.active(indices);
  std::vector<int64_t> fan(L + 1);
  fan[0] = inputs;
  for (size_t l = 0; l < L; ++l) fan[l + 1] = widths[l];
  // Each layer's share of active neurons over the batch, and its product.
  std::vector<double> density(L + 1, 1.0);
  for (size_t l = 0; l < L; ++l)
    density[l + 1] = static_cast<double>(lists[l].index.size()) / static_cast<double>(std::max<int64_t>(1, batch * widths[l]));
  std::vector<SparseProduct> product(L);
  for (size_t l = 0; l < L; ++l) product[l] = sparseProduct(m_forcedKernel, l, batch, fan[l], density[l + 1], density[l]);
  std::vector<Entries> layer(L);
  for (size_t l = 0; l < L; ++l) layer[l].build(lists[l], widths[l], product[l] != SparseProduct::Gemm);
  // dense[l]: layer l's input as [batch, N] with zeros off the mask (dense[0] is
  // x), kept where a product reads it: the column-dense and GEMM layers, and the
  // output layer (dense[L]). Gathers read the layer below's active lists instead.
  std::vector<std::vector<float>> denseStore(L + 1);
  std::vector<float*> dense(L + 1, nullptr);
  dense[0] = x.data_ptr<float>();
  for (size_t l = 1; l <= L; ++l)
    if (l == L || product[l] != SparseProduct::Gather) {
      denseStore[l].assign(static_cast<size_t>(batch * fan[l]), 0.0f);
      dense[l] = denseStore[l].data();
    }
  std::vector<float*> W(L), B(L);
  for (size_t l = 0; l < L; ++l) {
    W[l] = backbone->layer(l)->weight.data_ptr<float>();
    B[l] = backbone->layer(l)->bias.data_ptr<float>();
  }

  for (size_t l = 0; l < L; ++l) {
    Entries& e = layer[l];
    const int64_t in = fan[l], N = widths[l];
    const float* hin = dense[l];
    float* hout = dense[l + 1];
    if (product[l] == SparseProduct::Gemm) {
      std::vector<float> Z(static_cast<size_t>(batch * N));
      at::parallel_for(0, batch, 1, [&](int64_t b0, int64_t b1) {
        for (int64_t b = b0; b < b1; ++b) std::copy(B[l], B[l] + N, Z.begin() + b * N);
      });
      sgemm('N', 'T', batch, N, in, 1.0f, hin, in, W[l], in, 1.0f, Z.data(), N);
      const float* zp = Z.data();
      at::parallel_for(0, batch, 1, [&](int64_t b0, int64_t b1) {
        for (int64_t b = b0; b < b1; ++b)
          for (int64_t p = e.begin(b); p < e.end(b); ++p) e.z[p] = zp[b * N + (*e.index)[p]];
      });
    } else {
      const Entries* below = product[l] == SparseProduct::Gather ? &layer[l - 1] : nullptr;
      at::parallel_for(0, N, kRowGrain, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
          const float* w = W[l] + r * in;
          const int64_t q0 = e.rowStart[r], q1 = e.rowStart[r + 1];
          if (below) {
            for (int64_t q = q0; q < q1; ++q) {
              const int64_t p = e.byRow[q];
              const int64_t t0 = below->begin(e.example[p]), n = below->end(e.example[p]) - t0;
              e.z[p] = K.dotGather(w, below->index->data() + t0, below->h.data() + t0, n) + B[l][r];
            }
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
            for (int64_t i = 0; i < std::min<int64_t>(4, q1 - q); ++i) e.z[e.byRow[q + i]] = z[i] + B[l][r];
          }
        }
      });
    }
    // f and f' of every active entry with torch's vectorised kernels, then (where
    // a product reads it) the layer's dense output.
    const auto z = torch::from_blob(e.z.data(), {static_cast<int64_t>(e.z.size())});
    const auto h = activation(m_activation, z), dz = activationDerivative(m_activation, z);
    std::copy(h.data_ptr<float>(), h.data_ptr<float>() + h.numel(), e.h.begin());
    std::copy(dz.data_ptr<float>(), dz.data_ptr<float>() + dz.numel(), e.dz.begin());
    if (hout)
      at::parallel_for(0, batch, 1, [&](int64_t b0, int64_t b1) {
        for (int64_t b = b0; b < b1; ++b)
          for (int64_t p = e.begin(b); p < e.end(b); ++p) hout[b * N + (*e.index)[p]] = e.h[p];
      });
  }

  // The output layer, dense (a few outputs): y = H W_o^T + b_o.
  float* Wo = backbone->outputLayer()->weight.data_ptr<float>();
  float* Bo = backbone->outputLayer()->bias.data_ptr<float>();
  const int64_t outputs = backbone->outputLayer()->weight.size(0), last = widths[L - 1];
  const float* htop = dense[L];
  std::vector<float> y(static_cast<size_t>(batch * outputs)), dy(y.size());
  for (int64_t b = 0; b < batch; ++b) std::copy(Bo, Bo + outputs, y.begin() + b * outputs);
  sgemm('N', 'T', batch, outputs, last, 1.0f, htop, last, Wo, last, 1.0f, y.data(), outputs);

  // Loss and its gradient with respect to the outputs (mean over the batch).
  double lossSum = 0;
  correct = 0;
  if (m_classification) {
    const auto labels = yIn.to(torch::kLong).contiguous();
    const int64_t* lab = labels.data_ptr<int64_t>();
    for (int64_t b = 0; b < batch; ++b) {
      const float* yb = &y[b * outputs];
      int64_t arg = 0;
      for (int64_t o = 1; o < outputs; ++o)
        if (yb[o] > yb[arg]) arg = o;
      correct += arg == lab[b];
      double sum = 0;
      for (int64_t o = 0; o < outputs; ++o) sum += std::exp(static_cast<double>(yb[o] - yb[arg]));
      const double logZ = yb[arg] + std::log(sum);
      lossSum += logZ - yb[lab[b]];
      for (int64_t o = 0; o < outputs; ++o)
        dy[b * outputs + o] = static_cast<float>((std::exp(yb[o] - logZ) - (o == lab[b] ? 1.0 : 0.0)) / batch);
    }
  } else {
    const auto target = yIn.to(torch::kFloat32).contiguous().view({batch, -1});
    const float* tp = target.data_ptr<float>();
    const double n = static_cast<double>(batch * outputs);
    for (int64_t i = 0; i < batch * outputs; ++i) {
      const double d = static_cast<double>(y[i]) - tp[i];
      lossSum += d * d;
      dy[i] = static_cast<float>(2.0 * d / n);
    }
    lossSum /= static_cast<double>(outputs);
  }
  const double lossValue = lossSum / static_cast<double>(batch);

  // Backward. Output layer: the last hidden layer's delta from the old weights,
  // then the SGD step on the output weights and bias.
  Entries& top = layer[L - 1];
  std::vector<float> dHtop(static_cast<size_t>(batch * last));
  sgemm('N', 'N', batch, last, outputs, 1.0f, dy.data(), outputs, Wo, last, 0.0f, dHtop.data(), last);
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t t = top.begin(b); t < top.end(b); ++t) top.delta[t] = dHtop[b * last + (*top.index)[t]] * top.dz[t];
  sgemm('T', 'N', outputs, last, batch, -lr, dy.data(), outputs, htop, last, 1.0f, Wo, last);
  for (int64_t o = 0; o < outputs; ++o) {
    float gb = 0.0f;
    for (int64_t b = 0; b < batch; ++b) gb += dy[b * outputs + o];
    Bo[o] -= lr * gb;
  }

  // Hidden layers, last to first. Row r of W_l: first its share of the delta of the
  // layer below (from the old weights, into one buffer per thread, summed after),
  // then its SGD step. Rows are independent, so the threads split them. A GEMM
  // layer: the delta below from Delta W, then W -= lr Delta^T H in one GEMM.
  const int threads = at::get_num_threads();
  for (size_t l = L; l-- > 0;) {
    Entries& e = layer[l];
    const int64_t in = fan[l], N = widths[l];
    const float* hin = dense[l];
    Entries* compact = product[l] == SparseProduct::Gather ? &layer[l - 1] : nullptr;
    // The delta below arrives in buffers laid out like the layer below's active
    // lists (gathers) or as [batch, in] (the others).
    std::vector<std::vector<float>> partial;
    std::vector<float> dX;
    std::vector<const float*> parts;
    if (product[l] == SparseProduct::Gemm) {
      std::vector<float> deltaStore(static_cast<size_t>(batch * N), 0.0f);
      at::parallel_for(0, batch, 1, [&](int64_t b0, int64_t b1) {
        for (int64_t b = b0; b < b1; ++b)
          for (int64_t p = e.begin(b); p < e.end(b); ++p) deltaStore[b * N + (*e.index)[p]] = e.delta[p];
      });
      if (l > 0) {
        dX = std::vector<float>(static_cast<size_t>(batch * in));
        sgemm('N', 'N', batch, in, N, 1.0f, deltaStore.data(), N, W[l], in, 0.0f, dX.data(), in);
        parts.push_back(dX.data());
      }
      sgemm('T', 'N', N, in, batch, -lr, deltaStore.data(), N, hin, in, 1.0f, W[l], in);
      at::parallel_for(0, N, 256, [&](int64_t r0, int64_t r1) {
        std::vector<float> gb(static_cast<size_t>(r1 - r0), 0.0f);
        for (int64_t b = 0; b < batch; ++b)
          for (int64_t r = r0; r < r1; ++r) gb[r - r0] += deltaStore[b * N + r];
        for (int64_t r = r0; r < r1; ++r) B[l][r] -= lr * gb[r - r0];
      });
    } else {
      if (l > 0)
        partial.assign(static_cast<size_t>(threads),
                       std::vector<float>(compact ? compact->delta.size() : static_cast<size_t>(batch * in), 0.0f));
      for (const auto& buffer : partial) parts.push_back(buffer.data());
      at::parallel_for(0, N, kRowGrain, [&](int64_t r0, int64_t r1) {
        float* acc = l > 0 ? partial[static_cast<size_t>(at::get_thread_num())].data() : nullptr;
        for (int64_t r = r0; r < r1; ++r) {
          float* w = W[l] + r * in;
          float gb = 0.0f;
          if (compact) {
            const int32_t* idx = compact->index->data();
            for (int64_t q = e.rowStart[r]; q < e.rowStart[r + 1]; ++q) {
              const int64_t p = e.byRow[q];
              const int32_t b = e.example[p];
              const int64_t t0 = compact->begin(b);
              K.accumulateGather(acc + t0, w, idx + t0, e.delta[p], compact->end(b) - t0);
            }
            for (int64_t q = e.rowStart[r]; q < e.rowStart[r + 1]; ++q) {
              const int64_t p = e.byRow[q];
              const int32_t b = e.example[p];
              const int64_t t0 = compact->begin(b);
              gb += e.delta[p];
              K.updateScatter(w, idx + t0, compact->h.data() + t0, lr * e.delta[p], compact->end(b) - t0);
            }
            B[l][r] -= lr * gb;
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
          B[l][r] -= lr * gb;
        }
      });
    }
    if (l > 0) {
      Entries& below = layer[l - 1];
      at::parallel_for(0, batch, 1, [&](int64_t b0, int64_t b1) {
        for (int64_t b = b0; b < b1; ++b)
          for (int64_t t = below.begin(b); t < below.end(b); ++t) {
            const int64_t at = compact ? t : b * in + (*below.index)[t];
            float s = 0.0f;
            for (const float* part : parts) s += part[at];
            below.delta[t] = s * below.dz[t];
          }
      });
    }
  }
  return lossValue;
}

}  // namespace comet
