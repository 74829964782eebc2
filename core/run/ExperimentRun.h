// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/train/Metrics.h"
#include "core/train/TrainObserver.h"

namespace comet {

// One experiment from config to finished run directory: loads the data, builds
// the network, trains with the RunWriter and the given observers attached, and
// saves the final weights (model.pt, TorchScript archive of the parameters and
// buffers). Used by `comet run` and by the workbench's worker thread. No torch in
// this header.
struct ExperimentRun {
  ExperimentConfig config;
  std::string directory;                 // the run directory
  std::vector<TrainObserver*> observers; // besides the RunWriter
  // Continue the run in `directory` from its checkpoint.pt (config must be the
  // directory's config.yaml, as readRunDirectory returns it).
  bool resume = false;
  // The caller already holds the directory's DirectoryLock (sweeps take it before
  // judging a cell's state); otherwise runExperiment takes it.
  bool lockedByCaller = false;
};

// Throws ConfigError / DataError / RunError for problems found before training
// starts (no run directory is written then); problems during training end the run
// with status "failed" and its message. Checkpoints go to directory/checkpoint.pt
// (train.checkpoint_every_epochs / _steps, on stop, at the end).
RunSummary runExperiment(const ExperimentRun& run, const std::atomic<bool>& stop);

// A directory name for a new run: DIR/<name>-<method>-s<seed>-<YYYYmmdd-HHMMSS>.
std::string defaultRunDirectory(const ExperimentConfig& config, const std::string& parent = "runs");

}  // namespace comet
