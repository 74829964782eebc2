// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/train/Metrics.h"

namespace comet {

// A run directory as written by RunWriter and the Trainer (docs/run-directory.md),
// read back: what `comet run --resume`, the GUI's run browser and sweeps need. No
// torch in this header.
struct RunDirectory {
  std::string directory;
  ExperimentConfig config;         // config.yaml
  RunStatus status = RunStatus::Running;
  std::string message;
  int64_t epochsDone = 0;
  int64_t stepsDone = 0;
  int64_t divergedAtStep = 0;
  std::vector<EpochRecord> epochs; // metrics.csv
  bool hasCheckpoint = false;      // checkpoint.pt exists
  std::vector<std::pair<std::string, std::string>> summary;  // summary.json, key -> JSON text
};

// Reads DIR/config.yaml, DIR/summary.json and DIR/metrics.csv. Throws RunError
// naming the path when DIR is not a run directory or one of its files is missing
// or corrupt (ConfigError for a config.yaml that does not load).
RunDirectory readRunDirectory(const std::string& directory);

// The parsers behind it, on bytes (`origin` names the text in messages); they
// throw RunError with the line or byte offset.
std::vector<EpochRecord> parseMetricsCsv(const std::string& text, const std::string& origin);
void parseSummaryJson(const std::string& text, const std::string& origin, RunDirectory& out);

}  // namespace comet
