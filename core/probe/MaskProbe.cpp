// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/probe/MaskProbe.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace comet {
namespace {

std::vector<float> toVector(const torch::Tensor& t) {
  const auto c = t.detach().to(torch::kFloat32).contiguous();
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

torch::Tensor cosineMatrix(const torch::Tensor& features) {
  const auto unit = features / features.norm(2, 1, true).clamp_min(1e-12);
  return torch::matmul(unit, unit.t());
}

}  // namespace

MaskProbe::MaskProbe(const ProbeConfig& config, torch::Tensor x, torch::Tensor labels, int64_t numClasses)
    : m_config(config), m_numClasses(numClasses) {
  m_items = std::min<int64_t>(config.examples, x.size(0));
  m_x = x.narrow(0, 0, m_items).contiguous();
  if (numClasses > 0) m_labels = labels.narrow(0, 0, m_items).contiguous();
  m_cosine = cosineMatrix(m_x);
}

MaskProbe MaskProbe::forCharacters(const ProbeConfig& config, const torch::Tensor& windows, int64_t vocabulary) {
  MaskProbe p(config, vocabulary);
  const int64_t context = windows.size(1);
  const int64_t rows = std::min<int64_t>(windows.size(0), (config.examples + context - 1) / context);
  p.m_x = windows.narrow(0, 0, rows).contiguous();
  p.m_items = std::min<int64_t>(config.examples, rows * context);
  p.m_characters = true;
  const auto ids = p.m_x.to(torch::kLong);                               // [rows, context]
  p.m_labels = ids.reshape({-1}).narrow(0, 0, p.m_items).contiguous();
  // One-hot of the character `lag` places back in the same window (zero before its start).
  std::vector<torch::Tensor> lags;
  const auto onehot = torch::one_hot(ids, vocabulary).to(torch::kFloat32);  // [rows, context, V]
  for (int64_t lag = 0; lag < kTextContext && lag < context; ++lag) {
    auto shifted = torch::zeros_like(onehot);
    shifted.narrow(1, lag, context - lag).copy_(onehot.narrow(1, 0, context - lag));
    lags.push_back(shifted.reshape({rows * context, vocabulary}).narrow(0, 0, p.m_items));
  }
  p.m_cosine = cosineMatrix(torch::cat(lags, 1));
  return p;
}

std::vector<torch::Tensor> MaskProbe::recordMasks(NetworkImpl& net) const { return masksOf(net, m_x); }

std::vector<torch::Tensor> MaskProbe::masksOf(NetworkImpl& net, const torch::Tensor& x) {
  std::vector<torch::Tensor> masks;
  if (!net.hasMasks()) return masks;
  torch::NoGradGuard noGrad;
  const bool wasTraining = net.is_training();
  net.eval();
  ForwardContext ctx;
  ctx.masks = &masks;
  net.forward(x, ctx);
  net.train(wasTraining);
  return masks;
}

torch::Tensor MaskProbe::jaccard(const torch::Tensor& masks) {
  const auto m = masks.to(torch::kFloat32);
  const auto inter = torch::matmul(m, m.t());
  const auto sizes = m.sum(1);
  const auto uni = sizes.unsqueeze(1) + sizes.unsqueeze(0) - inter;
  return torch::where(uni > 0, inter / uni.clamp_min(1), torch::ones_like(inter));
}

NeuronUsage MaskProbe::neuronUsage(const torch::Tensor& masks, const torch::Tensor& labels, int64_t numClasses,
                                   int64_t k) {
  NeuronUsage u;
  const auto m = masks.to(torch::kFloat32);
  u.width = m.size(1);
  u.k = k;
  const auto freq = m.mean(0);
  u.frequency = toVector(freq);
  u.dead = (freq == 0).sum().item<int64_t>();
  u.alwaysOn = (freq == 1).sum().item<int64_t>();
  if (numClasses > 0 && labels.defined()) {
    const auto onehot = torch::one_hot(labels, numClasses).to(torch::kFloat32);  // [n, C]
    const auto counts = onehot.sum(0).clamp_min(1).unsqueeze(1);                // [C, 1]
    u.classFrequency = toVector(torch::matmul(onehot.t(), m) / counts);          // [C, N]
  }
  return u;
}

torch::Tensor MaskProbe::positionJaccard(const torch::Tensor& masks, int64_t examples) {
  const int64_t positions = masks.size(0) / examples;
  if (positions == 1) return jaccard(masks);
  const auto perExample = masks.view({examples, positions, masks.size(1)});
  auto sum = torch::zeros({examples, examples});
  for (int64_t t = 0; t < positions; ++t) sum += jaccard(perExample.select(1, t));
  return sum / static_cast<double>(positions);
}

OverlapMatrix MaskProbe::overlap(const torch::Tensor& masks) const {
  OverlapMatrix o;
  const auto j = positionJaccard(masks, m_items);
  const int64_t n = j.size(0);
  const auto upper = torch::triu(torch::ones({n, n}, torch::kBool), 1);
  const auto pairJ = j.masked_select(upper);
  const auto pairC = m_cosine.masked_select(upper);
  o.meanJaccard = pairJ.mean().item<double>();

  // Pearson correlation between input cosine similarity and mask overlap.
  const auto dc = pairC - pairC.mean();
  const auto dj = pairJ - pairJ.mean();
  const double denom = std::sqrt((dc * dc).sum().item<double>() * (dj * dj).sum().item<double>());
  o.similarityCorrelation = denom > 0 ? (dc * dj).sum().item<double>() / denom : 0.0;

  const double lo = pairC.min().item<double>();
  const double hi = pairC.max().item<double>();
  const int64_t bins = m_config.similarityBins;
  const double width = (hi - lo) / static_cast<double>(bins);
  const auto bin = width > 0 ? ((pairC - lo) / width).floor().clamp(0, bins - 1).to(torch::kLong)
                             : torch::zeros_like(pairC, torch::kLong);
  const auto counts = torch::zeros({bins}, torch::kFloat64).index_add_(0, bin, torch::ones_like(pairJ, torch::kFloat64));
  const auto sums = torch::zeros({bins}, torch::kFloat64).index_add_(0, bin, pairJ.to(torch::kFloat64));
  for (int64_t b = 0; b < bins; ++b) {
    SimilarityBin sb;
    sb.low = lo + width * static_cast<double>(b);
    sb.high = b + 1 == bins ? hi : lo + width * static_cast<double>(b + 1);
    sb.pairs = counts[b].item<int64_t>();
    sb.meanJaccard = sb.pairs > 0 ? sums[b].item<double>() / static_cast<double>(sb.pairs) : std::nan("");
    o.bins.push_back(sb);
  }
  const int64_t samples = std::min<int64_t>(4000, pairJ.numel());
  const auto pick = torch::linspace(0, static_cast<double>(pairJ.numel() - 1), samples).to(torch::kLong);
  o.sampleCosine = toVector(pairC.index_select(0, pick));
  o.sampleJaccard = toVector(pairJ.index_select(0, pick));

  const int64_t pairN = std::min<int64_t>(m_config.pairExamples, n);
  if (m_labels.defined()) {
    const auto onehot = torch::one_hot(m_labels, m_numClasses).to(torch::kFloat32);  // [n, C]
    const auto sumsCC = torch::matmul(onehot.t(), torch::matmul(j, onehot));     // sum of J over class pairs
    const auto cnt = onehot.sum(0);
    auto pairs = torch::outer(cnt, cnt) - torch::diag(cnt);                      // exclude i == j
    o.classMean = toVector((sumsCC - torch::diag(cnt)) / pairs.clamp_min(1));
    const auto firstLabels = m_labels.narrow(0, 0, pairN);
    const auto order = std::get<1>(firstLabels.sort(/*stable=*/true, 0, false));
    o.pairLabels.resize(static_cast<size_t>(pairN));
    const auto sortedLabels = firstLabels.index_select(0, order).contiguous();
    std::copy(sortedLabels.data_ptr<int64_t>(), sortedLabels.data_ptr<int64_t>() + pairN, o.pairLabels.begin());
    o.examples = toVector(j.index_select(0, order).index_select(1, order));
  } else {
    o.examples = toVector(j.narrow(0, 0, pairN).narrow(1, 0, pairN));
  }
  return o;
}

ProbeReport MaskProbe::run(NetworkImpl& net, const std::vector<int64_t>& ks, int64_t epoch) const {
  ProbeReport r;
  r.epoch = epoch;
  r.examples = m_items;
  r.numClasses = m_numClasses;
  const auto masks = recordMasks(net);
  for (size_t l = 0; l < masks.size(); ++l) {
    // Characters: one mask row per character of the windows, the first m_items probed.
    const auto m = m_characters ? masks[l].narrow(0, 0, m_items) : masks[l];
    TORCH_CHECK(m.size(0) % m_items == 0, "MaskProbe: a layer's masks are not a whole number per example");
    LayerProbe lp;
    lp.layer = static_cast<int64_t>(l + 1);
    lp.positions = m.size(0) / m_items;
    // Usage over every position; each position counts for its example's class.
    const auto labels = lp.positions > 1 && m_labels.defined() ? m_labels.repeat_interleave(lp.positions) : m_labels;
    lp.usage = neuronUsage(m, labels, m_numClasses, l < ks.size() ? ks[l] : 0);
    lp.overlap = overlap(m);
    r.layers.push_back(std::move(lp));
  }
  return r;
}

}  // namespace comet
