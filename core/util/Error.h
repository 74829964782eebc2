// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <stdexcept>
#include <string>

namespace comet {

// The error kinds the core raises. Each message names what is wrong and where
// (file, key, line and column, or byte offset) and what was expected. The CLI maps
// the kind to its exit code (app/cli/CliCommon.h; README.md, "The command line").
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The run directory is being written by another process (its lock is held).
class RunInUseError : public RunError {
 public:
  using RunError::RunError;
};

}  // namespace comet
