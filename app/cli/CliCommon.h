// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/util/Error.h"  // the errors commands throw and guarded() maps to exit codes

namespace comet {
struct Sweep;
}

namespace comet::cli {

// Exit codes of `comet` (README.md, "The command line"; docs/reliability.md, "Bad input").
enum ExitCode : int {
  kExitOk = 0,
  kExitRunFailed = 1,   // the run failed or diverged
  kExitUsage = 2,       // bad command-line arguments
  kExitConfig = 3,      // the config is invalid
  kExitData = 4,        // a data file is missing, unreadable or corrupt
  kExitIo = 5,          // the run directory cannot be written
  kExitStopped = 130,   // stopped by Ctrl+C / SIGTERM; the run directory is complete
};

// Positional arguments, "key=value" overrides and "--flag [value]" options.
struct Arguments {
  std::vector<std::string> positional;
  std::vector<std::string> overrides;
  std::vector<std::pair<std::string, std::string>> options;
  bool has(const std::string& flag) const;
  std::string value(const std::string& flag, const std::string& fallback = {}) const;
};

// `valueFlags` take the next argument as their value. Throws UsageError.
Arguments parseArguments(const std::vector<std::string>& args, const std::vector<std::string>& valueFlags,
                         const std::vector<std::string>& switches);

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Ctrl+C and SIGTERM set this flag; the trainer checks it every batch.
std::atomic<bool>& stopFlag();
void installStopHandlers();

// Runs `body`, mapping the core's exceptions to messages on stderr and exit codes.
int guarded(const char* command, int (*body)(const Arguments&), const Arguments& args);

int runCommand(const Arguments& args);
int benchCommand(const Arguments& args);
int sweepCommand(const Arguments& args);
int reportCommand(const Arguments& args);
// SweepClusterCommand.cpp: the sweep on Slurm (--slurm) and `--status DIR`.
int slurmSubmit(const Arguments& args, const Sweep& sweep, const std::string& out);
int sweepStatusCommand(const Arguments& args);

}  // namespace comet::cli
