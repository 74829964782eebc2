// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the run-directory reader's parsers (summary.json, metrics.csv)
// and, for inputs that hold all three, a whole run directory on disk. The input is
// split at "\n---\n" into config.yaml, summary.json and metrics.csv.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

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
  const std::string sep = "\n---\n";
  const auto a = text.find(sep);
  const auto b = a == std::string::npos ? a : text.find(sep, a + sep.size());
  if (b == std::string::npos) return 0;
  const std::string dir = scratchDir();
  put(dir + "/config.yaml", text.substr(0, a));
  put(dir + "/summary.json", text.substr(a + sep.size(), b - a - sep.size()));
  put(dir + "/metrics.csv", text.substr(b + sep.size()));
  COMET_FUZZ_EXPECTED(comet::readRunDirectory(dir));
  return 0;
}
