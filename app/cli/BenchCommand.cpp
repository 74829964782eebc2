// SPDX-License-Identifier: GPL-3.0-or-later
// comet bench CONFIG [key=value ...] [--steps N] [--warmup N]
// comet bench --peak
// Times training steps of the configured model and prints one JSON line.
#include <torch/torch.h>

#include <oneapi/dnnl/dnnl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>

#include "app/cli/CliCommon.h"
#include "core/config/ConfigLoader.h"
#include "core/data/DataLoader.h"
#include "core/train/Trainer.h"
#include "core/util/Error.h"
#include "core/util/Json.h"
#include "core/util/Threading.h"

namespace comet::cli {

namespace {
int64_t positiveIntText(const std::string& flag, const std::string& v) {
  try {
    size_t used = 0;
    const long long n = std::stoll(v, &used);
    if (used != v.size() || n < 1) throw std::invalid_argument(v);
    return n;
  } catch (const std::exception&) {
    throw UsageError(flag + ": expected a positive integer, got '" + v + "'");
  }
}

int64_t positiveInt(const Arguments& args, const std::string& flag, int64_t fallback) {
  const std::string v = args.value(flag);
  return v.empty() ? fallback : positiveIntText(flag, v);
}

// The machine's fp32 GEMM peak as the linear layers reach it: oneDNN's sgemm
// (FastLinear's) on square products, best of several repetitions, with the
// configured threads. Prints one JSON line per size.
int peakBench(int threads) {
  for (const int64_t n : {1024, 2048, 3072}) {
    std::vector<float> a(static_cast<size_t>(n * n), 0.5f), b(a.size(), 0.25f), c(a.size(), 0.0f);
    double best = 1e30;
    for (int rep = 0; rep < 5; ++rep) {
      const auto start = std::chrono::steady_clock::now();
      const auto status = dnnl_sgemm('N', 'N', n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f, c.data(), n);
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (status != dnnl_success) throw RunError("oneDNN sgemm failed");
      best = std::min(best, s);
    }
    JsonObject j;
    j.add("peak", "sgemm").add("m", n).add("n", n).add("k", n).add("threads", threads)
        .add("best_seconds", best).add("gflops", 2.0 * static_cast<double>(n * n * n) / best / 1e9);
    std::cout << j.str() << std::endl;
  }
  return kExitOk;
}

// Floating-point operations of one dense training step of an MLP (inputs -> widths
// -> outputs) on a batch: the forward product 2 B fan_in fan_out per layer, and
// twice that backward (the input gradient, not needed for the first layer, and
// the weight gradient).
double denseStepFlops(int64_t batch, int64_t inputs, const std::vector<int64_t>& widths, int64_t outputs) {
  double flops = 0;
  int64_t in = inputs;
  for (size_t l = 0; l <= widths.size(); ++l) {
    const int64_t out = l < widths.size() ? widths[l] : outputs;
    const double product = 2.0 * static_cast<double>(batch * in * out);
    flops += product * (l == 0 ? 2.0 : 3.0);
    in = out;
  }
  return flops;
}

}  // namespace

int benchCommand(const Arguments& args) {
  if (args.has("--peak")) {
    int threads = 0;  // train.threads=N picks the thread count, as for a run
    for (const auto& o : args.overrides)
      if (o.rfind("train.threads=", 0) == 0) threads = static_cast<int>(positiveIntText("train.threads", o.substr(14)));
    return peakBench(applyThreads(threads));
  }
  if (args.positional.size() != 1) throw UsageError("expected exactly one CONFIG file (see comet bench --help)");
  const auto config = ConfigLoader::loadFile(args.positional[0], args.overrides);
  const int64_t steps = positiveInt(args, "--steps", 200);
  const int64_t warmup = positiveInt(args, "--warmup", 20);
  const int threads = applyThreads(config.train.threads);
  auto data = std::make_shared<const DataSplits>(loadData(config.data, config.seed, config.model.contextLength));
  Trainer trainer(config, data);
  const int64_t n = data->train.size();
  const int64_t batch = config.train.batchSize;
  const auto order = torch::tensor(seededPermutation(n, config.seed), torch::kLong);
  int64_t cursor = 0;
  auto nextBatch = [&] {
    if (cursor + batch > n) cursor = 0;
    auto idx = order.narrow(0, cursor, batch);
    cursor += batch;
    return idx;
  };
  // As in training: per-example state (COMET's mask cache) is prepared once.
  const auto prepStart = std::chrono::steady_clock::now();
  trainer.network()->prepare(data->train.x);
  const double prepareSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - prepStart).count();
  for (int64_t i = 0; i < warmup; ++i) trainer.trainStep(nextBatch());
  const auto start = std::chrono::steady_clock::now();
  double lastLoss = 0;
  for (int64_t i = 0; i < steps; ++i) lastLoss = trainer.trainStep(nextBatch());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const RuntimeInfo rt = runtimeInfo();
  // The FLOP count is the MLP's; other backbones report null (JSON) for it.
  const double flops = config.model.backbone == "mlp"
                           ? denseStepFlops(batch, data->features(), trainer.info().widths, data->outputs())
                           : std::nan("");
  JsonObject j;
  j.add("backbone", config.model.backbone)
      .add("method", config.model.method)
      .add("width", trainer.info().widths.empty() ? 0 : trainer.info().widths.front())
      .add("pk", config.model.pk)
      .add("batch_size", batch)
      .add("optimizer", config.train.optimizer)
      .add("execution", trainer.info().execution)
      .addRaw("sparse_products", jsonStringArray(trainer.info().sparseProducts))
      .add("steps", steps)
      .add("seconds", seconds)
      .add("steps_per_second", static_cast<double>(steps) / seconds)
      .add("samples_per_second", static_cast<double>(steps * batch) / seconds)
      .add("ms_per_step", 1000.0 * seconds / static_cast<double>(steps))
      .add("prepare_seconds", prepareSeconds)
      .add("dense_gflop_per_step", flops / 1e9)
      .add("dense_equivalent_gflops", flops / 1e9 * static_cast<double>(steps) / seconds)
      .add("train_examples", n)
      .add("last_loss", lastLoss)
      .add("threads", threads)
      .add("blas_threads", rt.blasThreads)
      .add("wait_policy", rt.waitPolicy)
      .add("blas", rt.blas)
      .add("torch", rt.torchVersion);
  std::cout << j.str() << std::endl;
  return kExitOk;
}

}  // namespace comet::cli
