// SPDX-License-Identifier: GPL-3.0-or-later
// comet run CONFIG [key=value ...] [--out DIR]
// comet run --resume RUN_DIR
#include <cmath>
#include <cstdio>
#include <iostream>

#include "app/cli/CliCommon.h"
#include "app/cli/ProgressBar.h"
#include "core/config/ConfigLoader.h"
#include "core/run/ExperimentRun.h"
#include "core/run/RunDirectory.h"
#include "core/util/Error.h"

namespace comet::cli {

int runCommand(const Arguments& args) {
  ExperimentRun run;
  if (args.has("--resume")) {
    if (!args.positional.empty() || !args.overrides.empty() || args.has("--out"))
      throw UsageError("--resume RUN_DIR takes no CONFIG, overrides or --out: the run continues with RUN_DIR/config.yaml");
    const RunDirectory dir = readRunDirectory(args.value("--resume"));
    if (dir.summary.status == RunStatus::Completed) {
      std::printf("status: completed - nothing to resume\nrun directory: %s\n", dir.directory.c_str());
      return kExitOk;
    }
    if (!dir.hasCheckpoint)
      throw RunError(dir.directory + ": no checkpoint.pt to resume from (the run ended before its first checkpoint)");
    run.config = dir.config;
    run.directory = dir.directory;
    run.resume = true;
  } else {
    if (args.positional.size() != 1) throw UsageError("expected exactly one CONFIG file (see comet run --help)");
    run.config = ConfigLoader::loadFile(args.positional[0], args.overrides);
    run.directory = args.has("--out") ? args.value("--out") : defaultRunDirectory(run.config);
  }
  ProgressBar progress;
  if (!args.has("--quiet")) run.observers.push_back(&progress);
  installStopHandlers();
  const RunSummary s = runExperiment(run, stopFlag());

  std::printf("status: %s%s%s\n", toString(s.status).c_str(), s.message.empty() ? "" : " - ", s.message.c_str());
  if (isLanguageModel(run.config.data) && !std::isnan(s.testLoss))
    std::printf("test loss: %.4f nats per character (%.4f bits per character, perplexity %.3f); next-character "
                "accuracy %.2f%%\n",
                s.testLoss, s.testLoss / std::log(2.0), std::exp(s.testLoss), 100 * s.testAcc);
  else if (!std::isnan(s.testAcc))
    std::printf("test accuracy: %.2f%%  (test loss %.4f, best validation accuracy %.2f%%)\n", 100 * s.testAcc,
                s.testLoss, 100 * s.bestValAcc);
  else if (!std::isnan(s.testLoss))
    std::printf("test loss: %.6f  (best validation loss %.6f)\n", s.testLoss, s.bestValLoss);
  std::printf("time: %s\nrun directory: %s\n", formatDuration(s.seconds).c_str(), run.directory.c_str());
  switch (s.status) {
    case RunStatus::Completed: return kExitOk;
    case RunStatus::Stopped: return kExitStopped;
    default: return kExitRunFailed;
  }
}

}  // namespace comet::cli
