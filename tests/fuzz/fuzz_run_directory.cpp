// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the run-directory reader's parsers (summary.json, metrics.csv,
// steps.csv, sweep_cell.json, the probe CSVs) and, for inputs that hold three
// parts, a whole run directory on disk read in both modes. The input is split at
// "\n---\n" into config.yaml, summary.json and metrics.csv; a fourth part, when
// present, becomes probe/summary.csv and the fifth probe/usage_layer1.csv.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/run/ProbeCsv.h"
#include "core/run/RunDirectory.h"
#include "tests/fuzz/FuzzCommon.h"

namespace {

std::string scratchDir() {
  static const std::string dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("comet-fuzz-run-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d.string();
  }();
  return dir;
}

void put(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzzBytes(data, size);
  comet::RunDirectory d;
  COMET_FUZZ_EXPECTED(comet::parseSummaryJson(text, "summary.json", d));
  COMET_FUZZ_EXPECTED(comet::parseMetricsCsv(text, "metrics.csv"));
  COMET_FUZZ_EXPECTED(comet::parseStepsCsv(text, "steps.csv"));
  COMET_FUZZ_EXPECTED(comet::parseCellMarker(text, "sweep_cell.json"));
  COMET_FUZZ_EXPECTED(comet::parseNumericCsv(text, "probe.csv"));
  const std::string sep = "\n---\n";
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    const auto next = text.find(sep, start);
    parts.push_back(text.substr(start, next == std::string::npos ? std::string::npos : next - start));
    if (next == std::string::npos || parts.size() == 5) break;
    start = next + sep.size();
  }
  if (parts.size() < 3) return 0;
  const std::string dir = scratchDir();
  std::filesystem::remove_all(dir + "/probe");
  put(dir + "/config.yaml", parts[0]);
  put(dir + "/summary.json", parts[1]);
  put(dir + "/metrics.csv", parts[2]);
  if (parts.size() >= 4) {
    std::filesystem::create_directories(dir + "/probe");
    put(dir + "/probe/summary.csv", parts[3]);
    if (parts.size() >= 5) put(dir + "/probe/usage_layer1.csv", parts[4]);
  }
  COMET_FUZZ_EXPECTED(comet::readRunDirectory(dir));
  COMET_FUZZ_EXPECTED(comet::readRunDirectory(dir, comet::ReadMode::Lenient));
  return 0;
}
