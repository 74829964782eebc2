// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sweep/SweepStatus.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/run/RunDirectory.h"
#include "core/run/RunFormat.h"
#include "core/sweep/Slurm.h"
#include "core/sweep/SweepResults.h"
#include "core/util/AtomicFile.h"
#include "core/util/DirectoryLock.h"
#include "core/util/Error.h"
#include "core/util/Json.h"

namespace comet {
namespace fs = std::filesystem;

namespace {

const char* kRecordFile = runformat::kSweepRecordFile;

std::vector<std::string> lastLines(const std::string& path, size_t count) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    lines.push_back(line);
    if (lines.size() > count) lines.erase(lines.begin());
  }
  return lines;
}

std::string percent(double value) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f%%", 100 * value);
  return buf;
}

bool isQueued(const std::string& state) {
  return state == "PENDING" || state == "CONFIGURING" || state == "REQUEUED" || state == "REQUEUE_HOLD" ||
         state == "RESV_DEL_HOLD" || state == "SUSPENDED";
}

}  // namespace

void writeSweepRecord(const std::string& out, const Sweep& sweep, const std::vector<std::string>& overrides) {
  std::string list = "[";
  for (size_t i = 0; i < overrides.size(); ++i) list += (i ? "," : "") + jsonQuote(overrides[i]);
  JsonObject j;
  j.add("name", sweep.name)
      .add("file", fs::absolute(sweep.file).lexically_normal().string())
      .addRaw("overrides", list + "]")
      .add("cells", static_cast<int64_t>(sweep.cells.size()));
  writeFileAtomically((fs::path(out) / kRecordFile).string(), j.str(true) + "\n");
}

std::optional<SweepRecord> readSweepRecord(const std::string& out) {
  const fs::path path = fs::path(out) / kRecordFile;
  if (!fs::exists(path)) return std::nullopt;
  SweepRecord r;
  try {
    for (const auto& [key, value] : parseFlatJson(readWholeFile(path.string()))) {
      if (key == "name") r.name = value;
      else if (key == "file") r.file = value;
      else if (key == "overrides") r.overrides = parseJsonArray(value);
      else if (key == "cells") r.cells = std::stoll(value);
    }
  } catch (const RunError&) {
    throw;
  } catch (const std::exception& e) {
    throw RunError(path.string() + ": not a sweep record: " + e.what());
  }
  if (r.file.empty()) throw RunError(path.string() + ": not a sweep record: no \"file\"");
  return r;
}

std::vector<std::string> readSlurmJobIds(const std::string& out) {
  std::vector<std::string> ids;
  std::ifstream in(slurmJobsFile(out));
  for (std::string line; std::getline(in, line);) {
    const std::string id = line.substr(0, line.find('\t'));
    if (!id.empty()) ids.push_back(id);
  }
  return ids;
}

void appendSlurmJob(const std::string& out, const std::string& jobId, const std::string& arraySpec) {
  const std::string path = slurmJobsFile(out);
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream f(path, std::ios::app);
  f << jobId << '\t' << arraySpec << '\n';
  if (!f.flush()) throw RunError(path + ": cannot record the submitted job " + jobId);
}

const char* toString(CellProgress p) {
  switch (p) {
    case CellProgress::Done: return "done";
    case CellProgress::Diverged: return "diverged";
    case CellProgress::Running: return "running";
    case CellProgress::Queued: return "queued";
    case CellProgress::Stopped: return "stopped";
    case CellProgress::Failed: return "failed";
    case CellProgress::Pending: return "pending";
  }
  return "?";
}

std::vector<CellStatus> sweepStatus(const Sweep& sweep, const std::string& out,
                                    const std::map<int64_t, std::string>& queue, size_t logLines) {
  std::vector<CellStatus> cells;
  for (const SweepCell& cell : sweep.cells) {
    CellStatus s;
    s.index = cell.index;
    s.name = cell.name;
    const std::string dir = (fs::path(out) / cell.name).string();
    const std::string log = slurmLogFile(out, cell.index);
    const auto task = queue.find(cell.index);
    const std::string slurmState = task == queue.end() ? "" : task->second;
    const std::optional<RunDirectory> run = readCellDirectory(dir);
    const bool ours = run && holdsCell(*run, cell);
    const RunSummary summary = ours ? run->summary : RunSummary{};
    const bool locked = DirectoryLock::isHeld(dir);
    const auto epochs = [&] {
      return std::to_string(summary.epochsDone) + " of " + std::to_string(totalEpochs(run->config)) + " epochs";
    };
    if (ours && (summary.status == RunStatus::Completed || summary.status == RunStatus::Diverged)) {
      s.progress = summary.status == RunStatus::Completed ? CellProgress::Done : CellProgress::Diverged;
      s.detail = !std::isnan(summary.testAcc) ? "test acc " + percent(summary.testAcc) : summary.message;
    } else if (isQueued(slurmState)) {
      s.progress = CellProgress::Queued;
      s.detail = "Slurm: " + slurmState;
    } else if (locked || !slurmState.empty()) {
      s.progress = CellProgress::Running;
      if (ours) s.detail = epochs() + " done";
      if (!slurmState.empty()) s.detail += (s.detail.empty() ? "" : ", ") + std::string("Slurm: ") + slurmState;
    } else if (ours && cellState(*run, cell) == CellState::Resumable) {
      s.progress = CellProgress::Stopped;
      s.detail = toString(summary.status) + " after " + epochs() + "; the next sweep resumes it";
    } else if (ours && summary.status == RunStatus::Failed) {
      s.progress = CellProgress::Failed;
      s.detail = summary.message;
    } else if (ours) {  // "running" or "stopped", but no process and no checkpoint
      s.progress = CellProgress::Failed;
      s.detail = "killed before its first checkpoint; the next sweep runs it afresh";
    } else if (fs::exists(log)) {
      s.progress = CellProgress::Failed;
      s.detail = "its Slurm task ended without running it";
    } else {
      s.progress = CellProgress::Pending;
      if (run) s.detail = "the folder holds another experiment; the next sweep replaces it";
    }
    if (s.progress == CellProgress::Failed && fs::exists(log)) s.logTail = lastLines(log, logLines);
    cells.push_back(std::move(s));
  }
  return cells;
}

}  // namespace comet
