// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/run/ExperimentRun.h"

#include <torch/torch.h>

#include <ctime>
#include <filesystem>
#include <optional>
#include <string_view>

#include "core/continual/Continual.h"
#include "core/data/DataLoader.h"
#include "core/run/RunFormat.h"
#include "core/run/RunWriter.h"
#include "core/train/Checkpoint.h"
#include "core/train/MemoryEstimate.h"
#include "core/train/Trainer.h"
#include "core/util/AtomicFile.h"
#include "core/util/DirectoryLock.h"
#include "core/util/Threading.h"

namespace comet {

// The Trainer names its checkpoint (train comes before run, so it cannot use RunFormat.h).
static_assert(std::string_view(Checkpoint::kFileName) == runformat::kCheckpointFile,
              "the checkpoint's file name differs from the run directory's format (core/run/RunFormat.h)");

RunSummary runExperiment(const ExperimentRun& run, const std::atomic<bool>& stop) {
  applyThreads(run.config.train.threads);
  checkMemory(run.config);  // refuse up front rather than be killed by the kernel
  auto data = std::make_shared<const DataSplits>(loadData(run.config.data, run.config.seed, run.config.model.contextLength));
  std::optional<DirectoryLock> lock;  // one process per run directory
  if (!run.lockedByCaller) lock.emplace(run.directory);
  std::shared_ptr<ContinualStream> sequence;
  if (isContinual(run.config.continual)) sequence = makeContinualStream(run.config, data);
  Trainer trainer(run.config, data, sequence);
  if (sequence) addContinualHooks(trainer, sequence);  // before resume: their state is in the checkpoint
  const auto checkpoint = (std::filesystem::path(run.directory) / Checkpoint::kFileName).string();
  if (run.resume) {
    trainer.resume(checkpoint);
  } else {
    // A fresh run into an existing folder: a checkpoint or weights left there by
    // another run must not pass for this one's.
    std::error_code ec;
    std::filesystem::remove(checkpoint, ec);
    std::filesystem::remove(std::filesystem::path(run.directory) / runformat::kModelFile, ec);
  }
  trainer.setCheckpointPath(checkpoint);
  RunWriter writer(run.directory);
  trainer.addObserver(&writer);
  for (auto* o : run.observers) trainer.addObserver(o);
  RunSummary summary = trainer.run(stop);
  if (summary.status == RunStatus::Diverged) return summary;  // keep the last good weights (checkpoint.pt)
  const auto weights = (std::filesystem::path(run.directory) / runformat::kModelFile).string();
  writeAtomicallyWith(weights, [&](const std::string& tmp) {
    torch::serialize::OutputArchive archive;
    trainer.network()->save(archive);
    archive.save_to(tmp);
  });
  return summary;
}

std::string defaultRunDirectory(const ExperimentConfig& config, const std::string& parent) {
  const std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", std::localtime(&now));
  std::string name = config.name + "-" + config.model.method + "-s" + std::to_string(config.seed) + "-" + stamp;
  for (auto& ch : name)
    if (ch == '/' || ch == ' ') ch = '_';
  auto dir = std::filesystem::path(parent) / name;
  for (int i = 2; std::filesystem::exists(dir); ++i) dir = std::filesystem::path(parent) / (name + "-" + std::to_string(i));
  return dir.string();
}

}  // namespace comet
