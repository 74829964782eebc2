// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/probe/ProbeReport.h"
#include "core/train/Metrics.h"

namespace comet {

// The one reader of a run directory (docs/run-directory.md), beside its writers
// (RunWriter, ProbeCsv, writeCellMarker). `comet run --resume`, sweeps, `comet plot`
// and the workbench all read through it. Torch-free.
enum class ReadMode {
  // Every file present must be whole and well formed; the first fault throws
  // RunError naming the file and the line or byte offset (resume trusts nothing).
  Strict,
  // config.yaml and summary.json must load (they make the folder a run); a corrupt
  // optional file (metrics.csv, steps.csv, probe/*.csv, sweep_cell.json) leaves
  // its part empty and is named in `problems` (the GUI shows what it can).
  Lenient,
};

// Which files to read besides config.yaml and summary.json (always read): a caller
// that judges many runs (a sweep's cells) skips the large ones.
enum RunParts : unsigned {
  kRunMetrics = 1u << 0,     // metrics.csv
  kRunSteps = 1u << 1,       // steps.csv
  kRunProbe = 1u << 2,       // probe/*.csv
  kRunCellMarker = 1u << 3,  // sweep_cell.json
  kRunSamples = 1u << 4,     // samples/*.txt
  kRunAllParts = ~0u,
};

// sweep_cell.json: which cell of a sweep this run is.
struct SweepCellMarker {
  int64_t index = -1;
  std::string name;
  std::vector<std::pair<std::string, std::string>> assignments;  // swept key -> value (YAML text)
};

struct RunDirectory {
  std::string directory;
  ExperimentConfig config;                                        // config.yaml
  RunSummary summary;                                             // summary.json's values
  std::vector<std::pair<std::string, std::string>> summaryFields; // summary.json, every key -> JSON text
  std::vector<EpochRecord> epochs;                                // metrics.csv
  std::vector<StepRecord> steps;                                  // steps.csv
  ProbeReport probe;                                              // probe/*.csv (empty without)
  std::vector<TextSample> samples;                                // samples/epoch_*.txt, by epoch
  std::optional<SweepCellMarker> cell;                            // sweep_cell.json
  bool hasCheckpoint = false;                                     // checkpoint.pt exists
  std::vector<std::string> problems;                              // Lenient: what was skipped, and why
};

// Reads DIR. Throws RunError naming the path when DIR is not a run directory or (by
// `mode`) one of its files is corrupt; ConfigError for a config.yaml that does not load.
RunDirectory readRunDirectory(const std::string& directory, ReadMode mode = ReadMode::Strict,
                              unsigned parts = kRunAllParts);

// The parsers behind it, on bytes (`origin` names the text in messages); each
// throws RunError with the line or byte offset.
std::vector<EpochRecord> parseMetricsCsv(const std::string& text, const std::string& origin);
std::vector<StepRecord> parseStepsCsv(const std::string& text, const std::string& origin);
void parseSummaryJson(const std::string& text, const std::string& origin, RunDirectory& out);
SweepCellMarker parseCellMarker(const std::string& text, const std::string& origin);

// samples/: "epoch_0007.txt" for epoch 7, and the epoch of such a name (-1 for
// any other name).
std::string sampleFileName(int64_t epoch);
int64_t sampleFileEpoch(const std::string& fileName);
// The samples of a samples/ folder in epoch order; each file holds the prompt and
// the generated text, split at `prompt` when the file starts with it.
std::vector<TextSample> readSamples(const std::string& folder, const std::string& prompt);

}  // namespace comet
