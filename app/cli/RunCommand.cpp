// SPDX-License-Identifier: GPL-3.0-or-later
// comet run CONFIG [key=value ...] [--out DIR]
#include <cmath>
#include <cstdio>
#include <iostream>

#include "app/cli/CliCommon.h"
#include "app/cli/ProgressBar.h"
#include "core/config/ConfigLoader.h"
#include "core/run/ExperimentRun.h"

namespace comet::cli {

int runCommand(const Arguments& args) {
  if (args.positional.size() != 1) throw UsageError("expected exactly one CONFIG file (see comet run --help)");
  ExperimentRun run;
  run.config = ConfigLoader::loadFile(args.positional[0], args.overrides);
  run.directory = args.has("--out") ? args.value("--out") : defaultRunDirectory(run.config);
  ProgressBar progress;
  if (!args.has("--quiet")) run.observers.push_back(&progress);
  installStopHandlers();
  const RunSummary s = runExperiment(run, stopFlag());

  std::printf("status: %s%s%s\n", toString(s.status).c_str(), s.message.empty() ? "" : " - ", s.message.c_str());
  if (!std::isnan(s.testAcc))
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
