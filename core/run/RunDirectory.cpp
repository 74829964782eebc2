// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/run/RunDirectory.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/config/ConfigLoader.h"
#include "core/run/ProbeCsv.h"
#include "core/run/RunFormat.h"
#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/Json.h"
#include "core/util/Utf8.h"

namespace comet {
namespace fs = std::filesystem;
namespace rf = runformat;
namespace {

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

// The CSV files RunWriter writes: UTF-8, a header that starts with `header` (and
// ends there unless `extraColumns` takes the names after it), then rows of
// comma-separated cells, each handed to `row` with its 1-based line number.
template <typename Row>
void forEachRow(const std::string& text, const std::string& origin, const std::string& header, Row row,
                std::vector<std::string>* extraColumns = nullptr) {
  if (auto bad = firstInvalidUtf8(text))
    throw RunError(origin + ": byte offset " + std::to_string(*bad) + ": the file is not valid UTF-8 text");
  std::istringstream in(text);
  std::string line;
  const bool fixed = std::getline(in, line) && line == header;
  const bool extended = !fixed && extraColumns && line.rfind(header + ",", 0) == 0;
  if (!fixed && !extended)
    throw RunError(origin + ":1: expected the header '" + header + "'" +
                   (extraColumns ? " (then, optionally, more named columns)" : ""));
  if (extended) {
    const size_t fixedColumns = static_cast<size_t>(std::count(header.begin(), header.end(), ',')) + 1;
    std::stringstream names(line.substr(header.size() + 1));
    std::string name;
    while (std::getline(names, name, ',')) {
      if (name.empty() || name.find_first_of(" \t\"") != std::string::npos)
        throw RunError(origin + ":1: column " + std::to_string(fixedColumns + 1 + extraColumns->size()) +
                       ": expected a metric name (no spaces or quotes), got '" + name + "'");
      extraColumns->push_back(name);
    }
  }
  size_t lineNo = 1;
  while (std::getline(in, line)) {
    ++lineNo;
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream fields(line);
    std::string cell;
    while (std::getline(fields, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    row(cells, lineNo, line);
  }
}

}  // namespace

std::vector<EpochRecord> parseMetricsCsv(const std::string& text, const std::string& origin) {
  std::vector<EpochRecord> out;
  std::vector<std::string> extra;
  // The fixed columns are epoch and step (counts), then five numbers, in
  // rf::kMetricsColumns' order.
  static_assert(rf::kMetricsFixedColumns == 2 + 5);
  const size_t fixed = rf::kMetricsFixedColumns;
  forEachRow(text, origin, rf::metricsHeader(), [&](const std::vector<std::string>& cells, size_t lineNo,
                                                    const std::string& line) {
    if (cells.size() != fixed + extra.size())
      throw RunError(origin + ":" + std::to_string(lineNo) + ": expected " + std::to_string(fixed + extra.size()) +
                     " comma-separated fields, got " + std::to_string(cells.size()));
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
    for (size_t i = 0; i < extra.size(); ++i) {
      double v = 0;
      if (!parseCell(cells[fixed + i], v))
        throw RunError(origin + ":" + std::to_string(lineNo) + ": column '" + extra[i] +
                       "': expected a number or null, got '" + cells[fixed + i] + "'");
      r.extra.emplace_back(extra[i], v);
    }
    out.push_back(r);
  }, &extra);
  return out;
}

void parseSummaryJson(const std::string& text, const std::string& origin, RunDirectory& out) {
  try {
    out.summaryFields = parseFlatJson(text);
  } catch (const std::exception& e) {
    throw RunError(origin + ": " + e.what() + " (expected the JSON object summary.json holds)");
  }
  bool haveStatus = false;
  RunSummary& s = out.summary;
  const std::pair<const char*, int64_t*> counts[] = {
      {rf::kEpochsDone, &s.epochsDone}, {rf::kStepsDone, &s.stepsDone}, {rf::kDivergedAtStep, &s.divergedAtStep}};
  const std::pair<const char*, double*> numbers[] = {{metric::kTestLoss, &s.testLoss},
                                                     {metric::kTestAcc, &s.testAcc},
                                                     {metric::kBestValAcc, &s.bestValAcc},
                                                     {metric::kBestValLoss, &s.bestValLoss},
                                                     {metric::kSeconds, &s.seconds}};
  const auto number = [&](const std::string& key, const std::string& value) {
    double v = 0;
    if (!parseCell(value, v))
      throw RunError(origin + ": key '" + key + "': expected a number or null, got '" + value + "'");
    return v;
  };
  for (const auto& field : out.summaryFields) {
    const std::string& key = field.first;  // not a structured binding: C++17 lambdas cannot capture those (clang)
    const std::string& value = field.second;
    const auto named = [&](const auto& entry) { return key == entry.first; };
    const auto count = std::find_if(std::begin(counts), std::end(counts), named);
    const auto fixed = std::find_if(std::begin(numbers), std::end(numbers), named);
    if (key == rf::kStatus) {
      const RunStatus status = runStatusFromString(value);
      if (toString(status) != value)
        throw RunError(origin + ": key 'status': '" + value +
                       "' is not a run status (expected running, completed, stopped, diverged or failed)");
      s.status = status;
      haveStatus = true;
    } else if (key == rf::kMessage) {
      s.message = value;
    } else if (count != std::end(counts)) {
      if (!parseCount(value, *count->second))
        throw RunError(origin + ": key '" + key + "': expected a count, got '" + value + "'");
    } else if (fixed != std::end(numbers)) {
      *fixed->second = number(key, value);
    } else if (rf::isContinualEntry(key)) {  // a task sequence's: its figures are numbers, the rest stays text
      if (rf::isContinualFigure(key)) s.extra.emplace_back(key, number(key, value));
    } else if (rf::isNamedMetric(key)) {  // a task's, a gate's, a language model's: "top_left/test_acc"
      s.extra.emplace_back(key, number(key, value));
    }
  }
  if (!haveStatus) throw RunError(origin + ": no 'status' key (expected a run's summary.json)");
}

std::vector<StepRecord> parseStepsCsv(const std::string& text, const std::string& origin) {
  std::vector<StepRecord> out;
  static_assert(rf::kStepsFixedColumns == 3);
  forEachRow(text, origin, rf::stepsHeader(), [&](const std::vector<std::string>& cells, size_t lineNo,
                                                  const std::string& line) {
    StepRecord r;
    if (cells.size() != rf::kStepsFixedColumns || !parseCount(cells[0], r.step) || !parseCount(cells[1], r.epoch) ||
        !parseCell(cells[2], r.loss))
      throw RunError(origin + ":" + std::to_string(lineNo) + ": expected step,epoch (counts) then a number or null, got '" +
                     line + "'");
    out.push_back(r);
  });
  return out;
}

SweepCellMarker parseCellMarker(const std::string& text, const std::string& origin) {
  SweepCellMarker m;
  bool haveIndex = false;
  try {
    for (const auto& [key, value] : parseFlatJson(text)) {
      if (key == "index") {
        haveIndex = parseCount(value, m.index);
        if (!haveIndex) throw RunError(origin + ": key 'index': expected a count, got '" + value + "'");
      } else if (key == "name") {
        m.name = value;
      } else if (key == "assignments") {
        for (const auto& item : parseJsonArray(value)) {
          const auto eq = item.find('=');
          if (eq == std::string::npos || eq == 0)
            throw RunError(origin + ": key 'assignments': expected \"key=value\" items, got '" + item + "'");
          m.assignments.emplace_back(item.substr(0, eq), item.substr(eq + 1));
        }
      }
    }
  } catch (const RunError&) {
    throw;
  } catch (const std::exception& e) {
    throw RunError(origin + ": " + e.what() + " (expected the JSON object sweep_cell.json holds)");
  }
  if (!haveIndex) throw RunError(origin + ": no 'index' key (expected a sweep cell's sweep_cell.json)");
  return m;
}

std::string sampleFileName(int64_t epoch) {
  std::string digits = std::to_string(epoch);
  if (digits.size() < 4) digits.insert(0, 4 - digits.size(), '0');
  return "epoch_" + digits + ".txt";
}

int64_t sampleFileEpoch(const std::string& name) {
  const std::string head = "epoch_", tail = ".txt";
  if (name.size() <= head.size() + tail.size() || name.compare(0, head.size(), head) != 0 ||
      name.compare(name.size() - tail.size(), tail.size(), tail) != 0)
    return -1;
  const std::string digits = name.substr(head.size(), name.size() - head.size() - tail.size());
  if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(digits);
}

std::vector<TextSample> readSamples(const std::string& folder, const std::string& prompt) {
  std::vector<TextSample> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    const int64_t epoch = sampleFileEpoch(e.path().filename().string());
    if (epoch < 0 || !e.is_regular_file()) continue;
    TextSample s;
    s.epoch = epoch;
    s.text = readWholeFile(e.path().string());
    if (!prompt.empty() && s.text.compare(0, prompt.size(), prompt) == 0) {
      s.prompt = prompt;
      s.text.erase(0, prompt.size());
    }
    out.push_back(std::move(s));
  }
  if (ec) throw RunError(folder + ": cannot list the samples folder (" + ec.message() + ")");
  std::sort(out.begin(), out.end(), [](const TextSample& a, const TextSample& b) { return a.epoch < b.epoch; });
  return out;
}

RunDirectory readRunDirectory(const std::string& directory, ReadMode mode, unsigned parts) {
  const fs::path dir(directory);
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw RunError(directory + ": the run directory does not exist");
  if (!fs::is_directory(dir, ec)) throw RunError(directory + ": not a run directory (it is not a folder)");
  for (const char* name : {rf::kConfigFile, rf::kSummaryFile})
    if (!fs::exists(dir / name, ec))
      throw RunError(directory + ": not a run directory: '" + name +
                     "' is missing (expected the folder `comet run` writes: config.yaml, summary.json, "
                     "metrics.csv, ...)");
  RunDirectory out;
  out.directory = directory;
  out.config = ConfigLoader::loadFile((dir / rf::kConfigFile).string());
  const std::string summaryPath = (dir / rf::kSummaryFile).string();
  parseSummaryJson(readWholeFile(summaryPath), summaryPath, out);
  // The optional files: strict mode lets the first fault through; lenient mode
  // keeps the part empty and says why.
  const auto optional = [&](const char* name, unsigned part, const auto& read) {
    const fs::path path = dir / name;
    if (!(parts & part) || !fs::exists(path, ec)) return;
    try {
      read(path.string());
    } catch (const std::exception& e) {
      if (mode == ReadMode::Strict) throw;
      out.problems.push_back(e.what());
    }
  };
  optional(rf::kMetricsFile, kRunMetrics,
           [&](const std::string& p) { out.epochs = parseMetricsCsv(readWholeFile(p), p); });
  optional(rf::kStepsFile, kRunSteps, [&](const std::string& p) { out.steps = parseStepsCsv(readWholeFile(p), p); });
  optional(rf::kProbeFolder, kRunProbe, [&](const std::string& p) {
    out.probe = readProbeCsv(p);
    out.probe.epoch = out.summary.epochsDone;
    std::vector<std::string> tasks;  // the files number the tasks; summary.json names them
    for (const auto& [key, json] : out.summaryFields)
      if (key == rf::kTasks) try {
          tasks = parseJsonArray(json);
        } catch (const std::exception& e) {
          throw RunError(summaryPath + ": tasks: " + e.what());
        }
    for (auto& g : out.probe.gates)
      if (g.task >= 1 && static_cast<size_t>(g.task) <= tasks.size()) g.name = tasks[static_cast<size_t>(g.task - 1)];
  });
  optional(rf::kSamplesFolder, kRunSamples,
           [&](const std::string& p) { out.samples = readSamples(p, out.config.sample.prompt); });
  optional(rf::kCellMarkerFile, kRunCellMarker,
           [&](const std::string& p) { out.cell = parseCellMarker(readWholeFile(p), p); });
  out.hasCheckpoint = fs::exists(dir / rf::kCheckpointFile, ec);
  return out;
}

}  // namespace comet
