// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/SparseStep.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/model/Activation.h"
#include "core/model/CapMath.h"
#include "core/model/CometMlp.h"
#include "core/model/FastLinear.h"
#include "core/config/Execution.h"
#include "core/train/SparseLayer.h"
#include "core/util/Error.h"

namespace comet {
double sparseGemmThreshold(int64_t batch) {
  const double t = std::clamp((std::log2(static_cast<double>(batch)) - 5.0) / 3.0, 0.0, 1.0);  // 32 -> 0, 256 -> 1
  return 0.4 + t * (0.15 - 0.4);
}

SparseProduct sparseProduct(const std::string& forced, size_t layer, int64_t batch, int64_t fanIn, double density,
                            double inDensity) {
  if (forced == "gemm") return SparseProduct::Gemm;
  // Row by row: the layer below's activations read column-dense (contiguous, the
  // batch's [batch, N] activations) or through its active lists (gathers over k of
  // N). Gathers win where at most 15% of the inputs are active (measured up to
  // 0.15 at batch 32 and 128; column-dense from 0.2), and where the batch's
  // activations do not fit in L2 (2 MiB a core on the machine measured; the lists
  // are 10x smaller at p_k 0.1). The first layer's input, the data, is dense.
  SparseProduct rows = SparseProduct::ColumnDense;
  if (layer > 0 && forced != "dense" &&
      (forced == "gather" || inDensity <= 0.15 ||
       batch * fanIn * static_cast<int64_t>(sizeof(float)) > (int64_t{2} << 20)))
    rows = SparseProduct::Gather;
  if (!forced.empty()) return rows;
  // Where the GEMM wins: a column-dense product does density x the GEMM's
  // multiply-adds, a gather product density x input density, each at a fraction
  // of the GEMM's speed that shrinks as the batch grows.
  const double threshold = sparseGemmThreshold(batch);
  const bool gemm = rows == SparseProduct::Gather ? density * inDensity >= threshold * threshold : density >= threshold;
  return gemm ? SparseProduct::Gemm : rows;
}

const char* toString(SparseProduct product) {
  switch (product) {
    case SparseProduct::ColumnDense: return "column-dense";
    case SparseProduct::Gather: return "gather";
    case SparseProduct::Gemm: return "gemm";
  }
  return "?";
}

std::vector<SparseProduct> SparseCometStep::products(int64_t batch) const {
  const auto backbone = m_net.backbone();
  const std::vector<int64_t>& widths = backbone->widths();
  std::vector<SparseProduct> out;
  int64_t fanIn = backbone->layer(0)->weight.size(1);
  double inDensity = 1.0;
  for (size_t l = 0; l < widths.size(); ++l) {
    const double density = static_cast<double>(capK(m_pk, widths[l])) / static_cast<double>(widths[l]);
    out.push_back(sparseProduct(m_forcedKernel, l, batch, fanIn, density, inDensity));
    fanIn = widths[l];
    inDensity = density;
  }
  return out;
}

SparseCometStep::SparseCometStep(CometMlp& net, const ExperimentConfig& config, bool classification)
    : m_net(net), m_activation(config.model.activation), m_lr(static_cast<float>(config.train.lr)), m_pk(config.model.pk),
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
  const std::vector<SparseProduct> product = products(batch);
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
  // The layers' entries, a layer a thread.
  std::vector<sparse::Layer> layer(L);
  at::parallel_for(0, static_cast<int64_t>(L), 1, [&](int64_t l0, int64_t l1) {
    for (size_t l = static_cast<size_t>(l0); l < static_cast<size_t>(l1); ++l)
      layer[l].entries.build(lists[l], widths[l], product[l] != SparseProduct::Gemm,
                             l + 1 < L && product[l + 1] == SparseProduct::Gather);
  });
  for (size_t l = 0; l < L; ++l) {
    sparse::Layer& y = layer[l];
    y.product = product[l];
    y.W = backbone->layer(l)->weight.data_ptr<float>();
    y.B = backbone->layer(l)->bias.data_ptr<float>();
    y.in = fan[l];
    y.N = widths[l];
    y.input = dense[l];
    y.below = l > 0 ? &layer[l - 1].entries : nullptr;
  }

  for (size_t l = 0; l < L; ++l) {
    sparse::forward(layer[l], batch);
    // f and f' of every active entry with torch's vectorised kernels, then (where
    // a product reads it) the layer's dense output.
    sparse::Entries& e = layer[l].entries;
    const auto z = torch::from_blob(e.z.data(), {static_cast<int64_t>(e.z.size())});
    const auto h = activation(m_activation, z), dz = activationDerivative(m_activation, z);
    std::copy(h.data_ptr<float>(), h.data_ptr<float>() + h.numel(), e.h.begin());
    std::copy(dz.data_ptr<float>(), dz.data_ptr<float>() + dz.numel(), e.dz.begin());
    if (dense[l + 1]) e.toDense(e.h, dense[l + 1], widths[l]);
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
  sparse::Entries& top = layer[L - 1].entries;
  std::vector<float> dHtop(static_cast<size_t>(batch * last));
  sgemm('N', 'N', batch, last, outputs, 1.0f, dy.data(), outputs, Wo, last, 0.0f, dHtop.data(), last);
  top.fromDense(dHtop.data(), last, top.delta);
  for (size_t t = 0; t < top.delta.size(); ++t) top.delta[t] *= top.dz[t];
  sgemm('T', 'N', outputs, last, batch, -lr, dy.data(), outputs, htop, last, 1.0f, Wo, last);
  for (int64_t o = 0; o < outputs; ++o) {
    float gb = 0.0f;
    for (int64_t b = 0; b < batch; ++b) gb += dy[b * outputs + o];
    Bo[o] -= lr * gb;
  }

  // Hidden layers, last to first: each takes its SGD step and hands the layer
  // below its delta (from the old weights), summed over the buffers it comes in.
  for (size_t l = L; l-- > 0;) {
    const sparse::InputGradient g = sparse::backward(layer[l], batch, lr, l > 0);
    if (l == 0) break;
    sparse::Entries& below = layer[l - 1].entries;
    const int64_t in = fan[l];
    at::parallel_for(0, batch, 1, [&](int64_t b0, int64_t b1) {
      for (int64_t b = b0; b < b1; ++b)
        for (int64_t t = below.begin(b); t < below.end(b); ++t) {
          const int64_t at = g.compact ? t : b * in + (*below.index)[t];
          float s = 0.0f;
          for (const auto& part : g.buffers) s += part[static_cast<size_t>(at)];
          below.delta[t] = s * below.dz[t];
        }
    });
  }
  return lossValue;
}

}  // namespace comet
