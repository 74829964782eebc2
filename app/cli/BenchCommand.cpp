// SPDX-License-Identifier: GPL-3.0-or-later
// comet bench CONFIG [key=value ...] [--steps N] [--warmup N]
// Times training steps of the configured model and prints one JSON line.
#include <torch/torch.h>

#include <chrono>
#include <iostream>

#include "app/cli/CliCommon.h"
#include "core/config/ConfigLoader.h"
#include "core/data/DataLoader.h"
#include "core/train/Trainer.h"
#include "core/util/Json.h"
#include "core/util/Threading.h"

namespace comet::cli {

namespace {
int64_t positiveInt(const Arguments& args, const std::string& flag, int64_t fallback) {
  const std::string v = args.value(flag);
  if (v.empty()) return fallback;
  try {
    size_t used = 0;
    const long long n = std::stoll(v, &used);
    if (used != v.size() || n < 1) throw std::invalid_argument(v);
    return n;
  } catch (const std::exception&) {
    throw UsageError(flag + ": expected a positive integer, got '" + v + "'");
  }
}
}  // namespace

int benchCommand(const Arguments& args) {
  if (args.positional.size() != 1) throw UsageError("expected exactly one CONFIG file (see comet bench --help)");
  const auto config = ConfigLoader::loadFile(args.positional[0], args.overrides);
  const int64_t steps = positiveInt(args, "--steps", 200);
  const int64_t warmup = positiveInt(args, "--warmup", 20);
  const int threads = applyThreads(config.train.threads);
  auto data = std::make_shared<const DataSplits>(loadData(config.data, config.seed));
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
  JsonObject j;
  j.add("method", config.model.method)
      .add("width", trainer.info().widths.front())
      .add("pk", config.model.pk)
      .add("batch_size", batch)
      .add("optimizer", config.train.optimizer)
      .add("execution", trainer.info().execution)
      .add("steps", steps)
      .add("seconds", seconds)
      .add("steps_per_second", static_cast<double>(steps) / seconds)
      .add("samples_per_second", static_cast<double>(steps * batch) / seconds)
      .add("ms_per_step", 1000.0 * seconds / static_cast<double>(steps))
      .add("prepare_seconds", prepareSeconds)
      .add("train_examples", n)
      .add("last_loss", lastLoss)
      .add("threads", threads)
      .add("blas_threads", rt.blasThreads)
      .add("blas", rt.blas)
      .add("torch", rt.torchVersion);
  std::cout << j.str() << std::endl;
  return kExitOk;
}

}  // namespace comet::cli
