// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sweep/SweepResults.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "core/config/ConfigLoader.h"
#include "core/run/RunDirectory.h"
#include "core/run/RunFormat.h"
#include "core/util/AtomicFile.h"
#include "core/util/Json.h"

namespace comet {
namespace fs = std::filesystem;
namespace {

std::string csvField(const std::string& v) {
  if (v.find_first_of(",\"\n") == std::string::npos) return v;
  std::string q = "\"";
  for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string fmtPercent(double mean, double sd) {
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%.2f ± %.2f", 100 * mean, 100 * sd);
  return buf;
}

}  // namespace

std::string SweepRow::status() const {
  const auto it = summary.find("status");
  return it == summary.end() ? "missing" : it->second;
}

double SweepRow::number(const std::string& key) const {
  const auto it = summary.find(key);
  if (it == summary.end() || it->second == "null") return std::nan("");
  char* end = nullptr;
  const double v = std::strtod(it->second.c_str(), &end);
  return end && *end == '\0' ? v : std::nan("");
}

void writeCellMarker(const std::string& runDir, const SweepCell& cell) {
  fs::create_directories(runDir);
  JsonObject j;
  j.add("index", cell.index).add("name", cell.name);
  std::string assignments = "[";
  for (size_t i = 0; i < cell.assignments.size(); ++i)
    assignments += (i ? "," : "") + jsonQuote(cell.assignments[i].first + "=" + cell.assignments[i].second);
  j.addRaw("assignments", assignments + "]");
  writeFileAtomically((fs::path(runDir) / runformat::kCellMarkerFile).string(), j.str(true) + "\n");
}

bool holdsCell(const RunDirectory& run, const SweepCell& cell) {
  // The same experiment, not an older version of the sweep with the same name.
  ExperimentConfig ran = run.config;
  ExperimentConfig wanted = cell.config;
  ran.train.threads = wanted.train.threads = 0;
  return toYaml(ran) == toYaml(wanted);
}

CellState cellState(const RunDirectory& run, const SweepCell& cell) {
  if (!holdsCell(run, cell)) return CellState::Pending;
  const RunStatus status = run.summary.status;
  if (status == RunStatus::Completed || status == RunStatus::Diverged) return CellState::Finished;
  if ((status == RunStatus::Running || status == RunStatus::Stopped) && run.hasCheckpoint) return CellState::Resumable;
  return CellState::Pending;
}

std::optional<RunDirectory> readCellDirectory(const std::string& runDir) {
  const fs::path dir(runDir);
  if (!fs::exists(dir / runformat::kSummaryFile) || !fs::exists(dir / runformat::kConfigFile)) return std::nullopt;
  try {
    return readRunDirectory(runDir, ReadMode::Lenient, /*parts=*/0);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

CellState cellState(const std::string& runDir, const SweepCell& cell) {
  const auto run = readCellDirectory(runDir);
  return run ? cellState(*run, cell) : CellState::Pending;
}

std::vector<SweepRow> scanSweep(const std::string& sweepDir) {
  std::vector<SweepRow> rows;
  if (!fs::is_directory(sweepDir)) return rows;
  for (const auto& entry : fs::directory_iterator(sweepDir)) {
    const auto marker = entry.path() / runformat::kCellMarkerFile;
    if (!entry.is_directory() || !fs::exists(marker)) continue;
    SweepRow row;
    row.directory = entry.path().string();
    // The run-directory reader's parsers: a cell that has started but has no
    // summary.json yet is a row too (status "missing").
    try {
      SweepCellMarker m = parseCellMarker(readWholeFile(marker.string()), marker.string());
      row.index = m.index;
      row.assignments = std::move(m.assignments);
      const fs::path summary = entry.path() / runformat::kSummaryFile;
      if (fs::exists(summary)) {
        RunDirectory run;
        parseSummaryJson(readWholeFile(summary.string()), summary.string(), run);
        for (const auto& [k, v] : run.summaryFields) row.summary[k] = v;
      }
    } catch (const std::exception&) {
      row.summary["status"] = "unreadable";
    }
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(), [](const SweepRow& a, const SweepRow& b) {
    return a.index != b.index ? a.index < b.index : a.directory < b.directory;
  });
  return rows;
}

SweepTable sweepTable(const std::vector<SweepRow>& rows) {
  std::vector<std::string> keys;
  for (const auto& r : rows)
    for (const auto& [k, v] : r.assignments)
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  const std::vector<std::string> metrics = {"status", "method", "width", "pk", "test_acc", "test_loss", "best_val_acc",
                                            "epochs_done", "params_trainable", "seconds"};
  SweepTable t;
  t.header.push_back("index");
  t.header.insert(t.header.end(), keys.begin(), keys.end());
  t.header.insert(t.header.end(), metrics.begin(), metrics.end());
  t.header.push_back("directory");
  for (const auto& r : rows) {
    std::vector<std::string> cells = {std::to_string(r.index)};
    for (const auto& k : keys) {
      std::string v;
      for (const auto& [ak, av] : r.assignments)
        if (ak == k) v = av;
      cells.push_back(v);
    }
    for (const auto& m : metrics) {
      const auto it = r.summary.find(m);
      cells.push_back(m == "status" ? r.status() : it == r.summary.end() || it->second == "null" ? "" : it->second);
    }
    cells.push_back(fs::path(r.directory).filename().string());
    t.rows.push_back(std::move(cells));
  }
  return t;
}

std::string sweepCsv(const std::vector<SweepRow>& rows) {
  const SweepTable t = sweepTable(rows);
  std::ostringstream os;
  const auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) os << (i ? "," : "") << csvField(cells[i]);
    os << "\n";
  };
  line(t.header);
  for (const auto& r : t.rows) line(r);
  return os.str();
}

SweepReport sweepReport(const std::vector<SweepRow>& rows, const std::string& metric) {
  // Row label: the method; column label: the other swept keys (not seed, not method).
  std::vector<std::string> methods, columns;
  std::map<std::pair<std::string, std::string>, std::vector<double>> values;
  bool gates = false;  // the rows are gates (backbone moe): the table says so
  for (const auto& r : rows) {
    if (r.status() != "completed") continue;
    const double v = r.number(metric);
    if (std::isnan(v)) continue;
    // A mixture of experts' row is its gate (its model.method is not used).
    auto mit = r.summary.find("gate");
    gates = gates || mit != r.summary.end();
    if (mit == r.summary.end()) mit = r.summary.find("method");
    const std::string method = mit == r.summary.end() ? "?" : mit->second;
    std::string column;
    for (const auto& [k, val] : r.assignments) {
      if (k == "seed" || k == "model.method" || k == "model.gate") continue;
      const auto dot = k.rfind('.');
      column += (column.empty() ? "" : " ") + (dot == std::string::npos ? k : k.substr(dot + 1)) + "=" + val;
    }
    if (column.empty()) column = metric;
    if (std::find(methods.begin(), methods.end(), method) == methods.end()) methods.push_back(method);
    if (std::find(columns.begin(), columns.end(), column) == columns.end()) columns.push_back(column);
    values[{method, column}].push_back(v);
  }
  auto stats = [](const std::vector<double>& v) {
    double mean = 0;
    for (double x : v) mean += x;
    mean /= static_cast<double>(v.size());
    double var = 0;
    for (double x : v) var += (x - mean) * (x - mean);
    const double sd = v.size() > 1 ? std::sqrt(var / static_cast<double>(v.size() - 1)) : 0.0;
    return std::make_pair(mean, sd);
  };
  SweepReport report;
  std::ostringstream md, csv;
  md << "Final " << metric << " (%), mean ± std over seeds; **bold**: best mean in the column.\n\n| "
     << (gates ? "gate" : "method") << " |";
  for (const auto& c : columns) md << " " << c << " |";
  md << "\n|---|";
  for (size_t i = 0; i < columns.size(); ++i) md << "---|";
  md << "\n";
  csv << "method,column,seeds,mean,std,best\n";
  std::map<std::string, std::string> bestOf;
  for (const auto& c : columns) {
    double best = -INFINITY;
    for (const auto& m : methods)
      if (auto it = values.find({m, c}); it != values.end() && stats(it->second).first > best) {
        best = stats(it->second).first;
        bestOf[c] = m;
      }
  }
  for (const auto& m : methods) {
    md << "| " << m << " |";
    for (const auto& c : columns) {
      const auto it = values.find({m, c});
      if (it == values.end()) {
        md << " |";
        continue;
      }
      const auto [mean, sd] = stats(it->second);
      const bool best = bestOf[c] == m;
      md << " " << (best ? "**" : "") << fmtPercent(mean, sd) << (best ? "**" : "") << " |";
      csv << csvField(m) << "," << csvField(c) << "," << it->second.size() << "," << jsonNumber(mean) << ","
          << jsonNumber(sd) << "," << (best ? 1 : 0) << "\n";
    }
    md << "\n";
  }
  report.markdown = md.str();
  report.csv = csv.str();
  return report;
}

namespace {

// One table per metric, the CSV in long form with a leading metric column.
SweepReport reportOf(const std::vector<SweepRow>& rows, const std::vector<std::string>& metrics) {
  SweepReport out;
  out.csv = "metric,method,column,seeds,mean,std,best\n";
  for (const auto& metric : metrics) {
    const SweepReport one = sweepReport(rows, metric);
    out.markdown += (out.markdown.empty() ? "" : "\n") + one.markdown;
    std::istringstream lines(one.csv);
    std::string line;
    std::getline(lines, line);  // the header
    while (std::getline(lines, line)) out.csv += csvField(metric) + "," + line + "\n";
  }
  return out;
}

}  // namespace

SweepReport sweepReport(const std::vector<SweepRow>& rows) {
  // Task sequences: ACC, BWT and FWT of their accuracy matrices (higher is better in each).
  for (const auto& r : rows)
    if (r.summary.count(runformat::kContinualAcc))
      return reportOf(rows, {runformat::kContinualAcc, runformat::kContinualBwt, runformat::kContinualFwt});
  // Multi-task runs name their tasks in summary.json: one table per task.
  std::vector<std::string> tasks;
  for (const auto& r : rows)
    if (auto it = r.summary.find("tasks"); it != r.summary.end() && tasks.empty()) tasks = parseJsonArray(it->second);
  if (tasks.empty()) return sweepReport(rows, "test_acc");
  std::vector<std::string> metrics;
  for (const auto& task : tasks) metrics.push_back(task + "/test_acc");
  return reportOf(rows, metrics);
}

}  // namespace comet
