// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace comet::cli {

struct ProcessResult {
  bool started = false;  // false: the program was not found or could not be run (see `output`)
  int exitCode = -1;     // the exit status; 128 + N when killed by signal N
  std::string output;    // stdout and stderr together
};

// Runs argv[0] (looked up on PATH) with stdin from /dev/null and waits for it.
ProcessResult runProcess(const std::vector<std::string>& argv);

}  // namespace comet::cli
