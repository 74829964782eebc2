// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/run/RunDirectory.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/config/ConfigLoader.h"
#include "core/util/Error.h"
#include "core/util/Json.h"
#include "core/util/Utf8.h"

namespace comet {
namespace fs = std::filesystem;
namespace {

const char* kMetricsHeader = "epoch,step,train_loss,train_acc,val_loss,val_acc,seconds";

std::string readText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RunError(path.string() + ": cannot open the file: " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw RunError(path.string() + ": error while reading the file");
  return buf.str();
}

// A number as RunWriter writes it: digits, or "null" for a missing value.
bool parseCell(const std::string& cell, double& out) {
  if (cell == "null") {
    out = kNaN;
    return true;
  }
  if (cell.empty()) return false;
  char* end = nullptr;
  out = std::strtod(cell.c_str(), &end);
  return end && *end == '\0';
}

bool parseCount(const std::string& cell, int64_t& out) {
  if (cell.empty() || cell[0] == '-') return false;
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(cell.c_str(), &end, 10);
  if (!end || *end != '\0' || errno == ERANGE) return false;
  out = v;
  return true;
}

}  // namespace

std::vector<EpochRecord> parseMetricsCsv(const std::string& text, const std::string& origin) {
  if (auto bad = firstInvalidUtf8(text))
    throw RunError(origin + ": byte offset " + std::to_string(*bad) + ": the file is not valid UTF-8 text");
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != kMetricsHeader)
    throw RunError(origin + ":1: expected the header '" + std::string(kMetricsHeader) + "'");
  std::vector<EpochRecord> out;
  size_t lineNo = 1;
  while (std::getline(in, line)) {
    ++lineNo;
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream fields(line);
    std::string cell;
    while (std::getline(fields, cell, ',')) cells.push_back(cell);
    if (cells.size() != 7)
      throw RunError(origin + ":" + std::to_string(lineNo) + ": expected 7 comma-separated fields, got " +
                     std::to_string(cells.size()));
    EpochRecord r;
    double values[5];
    bool ok = parseCount(cells[0], r.epoch) && parseCount(cells[1], r.step);
    for (size_t i = 0; ok && i < 5; ++i) ok = parseCell(cells[2 + i], values[i]);
    if (!ok)
      throw RunError(origin + ":" + std::to_string(lineNo) +
                     ": expected epoch,step (counts) then five numbers or null, got '" + line + "'");
    if (r.epoch != static_cast<int64_t>(out.size()) + 1)
      throw RunError(origin + ":" + std::to_string(lineNo) + ": expected epoch " + std::to_string(out.size() + 1) +
                     ", got " + std::to_string(r.epoch));
    r.trainLoss = values[0];
    r.trainAcc = values[1];
    r.valLoss = values[2];
    r.valAcc = values[3];
    r.seconds = values[4];
    out.push_back(r);
  }
  return out;
}

void parseSummaryJson(const std::string& text, const std::string& origin, RunDirectory& out) {
  try {
    out.summary = parseFlatJson(text);
  } catch (const std::exception& e) {
    throw RunError(origin + ": " + e.what() + " (expected the JSON object summary.json holds)");
  }
  bool haveStatus = false;
  for (const auto& [key, value] : out.summary) {
    if (key == "status") {
      const RunStatus s = runStatusFromString(value);
      if (toString(s) != value)
        throw RunError(origin + ": key 'status': '" + value +
                       "' is not a run status (expected running, completed, stopped, diverged or failed)");
      out.status = s;
      haveStatus = true;
    } else if (key == "message") {
      out.message = value;
    } else if (key == "epochs_done" || key == "steps_done" || key == "diverged_at_step") {
      int64_t v = 0;
      if (!parseCount(value, v))
        throw RunError(origin + ": key '" + key + "': expected a count, got '" + value + "'");
      (key == "epochs_done" ? out.epochsDone : key == "steps_done" ? out.stepsDone : out.divergedAtStep) = v;
    }
  }
  if (!haveStatus) throw RunError(origin + ": no 'status' key (expected a run's summary.json)");
}

RunDirectory readRunDirectory(const std::string& directory) {
  const fs::path dir(directory);
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw RunError(directory + ": the run directory does not exist");
  if (!fs::is_directory(dir, ec)) throw RunError(directory + ": not a run directory (it is not a folder)");
  for (const char* name : {"config.yaml", "summary.json"})
    if (!fs::exists(dir / name, ec))
      throw RunError(directory + ": not a run directory: '" + name +
                     "' is missing (expected the folder `comet run` writes: config.yaml, summary.json, "
                     "metrics.csv, ...)");
  RunDirectory out;
  out.directory = directory;
  out.config = ConfigLoader::loadFile((dir / "config.yaml").string());
  parseSummaryJson(readText(dir / "summary.json"), (dir / "summary.json").string(), out);
  if (fs::exists(dir / "metrics.csv", ec))
    out.epochs = parseMetricsCsv(readText(dir / "metrics.csv"), (dir / "metrics.csv").string());
  out.hasCheckpoint = fs::exists(dir / "checkpoint.pt", ec);
  return out;
}

}  // namespace comet
