// SPDX-License-Identifier: GPL-3.0-or-later
// comet sweep CONFIG [key=value ...] [--out DIR] [--jobs N] [--list] [--cell I] [--quiet]
// comet report SWEEP_DIR [--metric KEY]
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <thread>

#include "app/cli/CliCommon.h"
#include "app/cli/ProgressBar.h"
#include "core/run/ExperimentRun.h"
#include "core/run/RunDirectory.h"
#include "core/run/RunFormat.h"
#include "core/sweep/Sweep.h"
#include "core/sweep/SweepResults.h"
#include "core/sweep/SweepStatus.h"
#include "core/util/AtomicFile.h"
#include "core/util/DirectoryLock.h"
#include "core/util/Error.h"
#include "core/util/Threading.h"

namespace comet::cli {
namespace fs = std::filesystem;
namespace {

void writeSweepCsv(const std::string& out) {
  writeFileAtomically((fs::path(out) / runformat::kSweepTableFile).string(), sweepCsv(scanSweep(out)));
}

std::string describe(const RunSummary& s) {
  char buf[96];
  if (!std::isnan(s.testAcc)) std::snprintf(buf, sizeof(buf), "test acc %.2f%%", 100 * s.testAcc);
  else std::snprintf(buf, sizeof(buf), "test loss %.4g", s.testLoss);
  return toString(s.status) + ", " + buf + ", " + formatDuration(s.seconds);
}

std::string cellDirectory(const std::string& out, const SweepCell& cell) { return (fs::path(out) / cell.name).string(); }

// Runs one cell in this process, resuming it from its checkpoint when an earlier
// attempt was stopped or killed; returns its status. The cell's directory lock is
// taken first and its state judged under it, so two `comet sweep`s (or job-array
// tasks) on one folder never run a cell twice.
RunStatus runCell(const SweepCell& cell, const std::string& out, bool quiet) {
  ExperimentRun run;
  run.config = cell.config;
  run.directory = cellDirectory(out, cell);
  run.lockedByCaller = true;
  ProgressBar progress;
  if (!quiet) run.observers.push_back(&progress);
  std::optional<DirectoryLock> lock;
  try {
    lock.emplace(run.directory);
  } catch (const RunInUseError& e) {
    std::printf("cell %lld %s: skipped: %s\n", static_cast<long long>(cell.index), cell.name.c_str(), e.what());
    std::fflush(stdout);
    return RunStatus::Running;
  }
  const CellState state = cellState(run.directory, cell);
  if (state == CellState::Finished) {  // by another process since this sweep looked
    std::printf("cell %lld %s: already finished\n", static_cast<long long>(cell.index), cell.name.c_str());
    return RunStatus::Completed;
  }
  RunSummary s;
  bool resumed = false;
  if (state == CellState::Resumable) {
    // The directory's own config: the checkpoint was written for it (its thread
    // count may differ from this invocation's).
    ExperimentRun again = run;
    again.config = readRunDirectory(run.directory).config;
    again.resume = true;
    try {
      s = runExperiment(again, stopFlag());
      resumed = true;
    } catch (const RunError& e) {
      std::printf("cell %lld %s: cannot resume (%s); starting it again\n", static_cast<long long>(cell.index),
                  cell.name.c_str(), e.what());
    }
  }
  if (!resumed) {
    writeCellMarker(run.directory, cell);
    s = runExperiment(run, stopFlag());
  }
  std::printf("cell %lld %s%s: %s\n", static_cast<long long>(cell.index), cell.name.c_str(),
              resumed ? " (resumed)" : "", describe(s).c_str());
  std::fflush(stdout);
  return s.status;
}

int64_t parseCount(const std::string& flag, const std::string& v, int64_t min) {
  char* end = nullptr;
  const long long n = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || n < min)
    throw UsageError(flag + ": expected an integer >= " + std::to_string(min) + ", got '" + v + "'");
  return n;
}

// Runs the pending cells in `jobs` child processes (`comet sweep --cell I`), each
// with its share of the cores.
void runInProcesses(const Sweep& sweep, const std::vector<const SweepCell*>& pending, const Arguments& args,
                   const std::string& out, int64_t jobs) {
  const int threads = std::max(1, defaultThreads() / static_cast<int>(jobs));
  std::map<pid_t, const SweepCell*> running;
  size_t next = 0;
  const pid_t sweepPid = ::getpid();
  while ((next < pending.size() && !stopFlag()) || !running.empty()) {
    while (!stopFlag() && next < pending.size() && static_cast<int64_t>(running.size()) < jobs) {
      const SweepCell* cell = pending[next++];
      // What `comet sweep SWEEP --cell I --out DIR --quiet --no-csv OVERRIDES
      // train.threads=T` would do, in a forked copy of this process rather than a new
      // one: the child skips the dynamic linker and libtorch's start-up (about 0.4 s
      // a cell, measured in docs/performance.md). Safe because this process has run
      // no torch operation, so no OpenMP pool exists to be lost in the fork.
      Arguments cellArgs;
      cellArgs.positional = {sweep.file};
      cellArgs.overrides = args.overrides;
      cellArgs.overrides.push_back("train.threads=" + std::to_string(threads));
      cellArgs.options = {{"--cell", std::to_string(cell->index)}, {"--out", out}, {"--quiet", ""}, {"--no-csv", ""}};
      std::fflush(nullptr);  // or the child would print this process's buffered output again
      const pid_t pid = ::fork();
      if (pid == 0) {
        // A sweep killed with SIGKILL cannot pass on Ctrl+C: its cells stop cleanly
        // by themselves (status stopped, a checkpoint) instead of running on
        // unsupervised beside the next `comet sweep`, which resumes them.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != sweepPid) std::_Exit(kExitStopped);  // the sweep died before prctl
        const int code = guarded("sweep", sweepCommand, cellArgs);
        std::fflush(nullptr);
        std::_Exit(code);  // not exit(): the parent's atexit handlers and static objects are its own
      }
      if (pid < 0) throw RunError("cannot start a process for cell " + std::to_string(cell->index));
      running[pid] = cell;
    }
    int status = 0;
    const pid_t done = ::waitpid(-1, &status, 0);
    if (done < 0) {
      if (errno == EINTR) {
        for (const auto& [pid, c] : running) ::kill(pid, SIGTERM);  // Ctrl+C: stop every cell cleanly
        continue;
      }
      break;
    }
    if (!running.count(done)) continue;
    running.erase(done);
    writeSweepCsv(out);
  }
}

}  // namespace

int sweepCommand(const Arguments& args) {
  if (args.has("--status")) return sweepStatusCommand(args);
  if (args.positional.size() != 1) throw UsageError("expected exactly one sweep CONFIG file (see comet sweep --help)");
  if (!args.has("--slurm"))
    for (const char* flag : {"--partition", "--time", "--cpus-per-task", "--mem", "--max-parallel", "--dry-run"})
      if (args.has(flag)) throw UsageError(std::string(flag) + " applies only with --slurm");
  installStopHandlers();
  const Sweep sweep = loadSweep(args.positional[0], args.overrides);
  const std::string out = args.has("--out") ? args.value("--out") : (fs::path("runs") / sweep.name).string();
  if (args.has("--slurm")) return slurmSubmit(args, sweep, out);

  if (args.has("--list")) {
    for (const auto& c : sweep.cells) {
      const CellState state = cellState(cellDirectory(out, c), c);
      std::printf("%5lld  %-9s %s\n", static_cast<long long>(c.index),
                  state == CellState::Finished ? "done" : state == CellState::Resumable ? "resumable" : "pending",
                  c.name.c_str());
    }
    std::printf("%zu cells; output folder %s\n", sweep.cells.size(), out.c_str());
    return kExitOk;
  }
  fs::create_directories(out);
  const bool quiet = args.has("--quiet");

  if (args.has("--cell")) {
    const int64_t i = parseCount("--cell", args.value("--cell"), 0);
    if (i >= static_cast<int64_t>(sweep.cells.size()))
      throw UsageError("--cell " + std::to_string(i) + ": the sweep has cells 0-" + std::to_string(sweep.cells.size() - 1));
    const SweepCell& cell = sweep.cells[static_cast<size_t>(i)];
    const RunStatus status = runCell(cell, out, quiet);  // "already finished" when it is
    if (!args.has("--no-csv")) writeSweepCsv(out);
    return status == RunStatus::Completed ? kExitOk : status == RunStatus::Stopped ? kExitStopped : kExitRunFailed;
  }
  writeSweepRecord(out, sweep, args.overrides);  // for `comet sweep --status DIR` and the workbench

  std::vector<const SweepCell*> pending;
  size_t resumable = 0;
  for (const auto& c : sweep.cells) {
    const CellState state = cellState(cellDirectory(out, c), c);
    if (state != CellState::Finished) pending.push_back(&c);
    if (state == CellState::Resumable) ++resumable;
  }
  std::printf("sweep %s: %zu cells, %zu already finished, %zu to run (%zu resume from a checkpoint) -> %s\n",
              sweep.name.c_str(), sweep.cells.size(), sweep.cells.size() - pending.size(), pending.size(), resumable,
              out.c_str());
  std::fflush(stdout);
  const auto start = std::chrono::steady_clock::now();
  const int64_t jobs = args.has("--jobs") ? parseCount("--jobs", args.value("--jobs"), 1) : 1;
  if (jobs > 1) {
    runInProcesses(sweep, pending, args, out, jobs);
  } else {
    for (const SweepCell* c : pending) {
      if (stopFlag()) break;
      runCell(*c, out, quiet);
      writeSweepCsv(out);
    }
  }
  writeSweepCsv(out);
  // The tally from the directories, which also holds cells finished by earlier invocations.
  size_t completed = 0, diverged = 0;
  for (const auto& row : scanSweep(out)) {
    if (row.index < 0 || row.index >= static_cast<int64_t>(sweep.cells.size())) continue;
    const SweepCell& c = sweep.cells[static_cast<size_t>(row.index)];
    if (row.directory != cellDirectory(out, c) || cellState(row.directory, c) != CellState::Finished) continue;
    if (row.status() == "completed") ++completed;
    else ++diverged;
  }
  const size_t unfinished = sweep.cells.size() - completed - diverged;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("sweep %s: %zu of %zu cells completed, %zu diverged, %zu not finished (%s); results in %s\n",
              sweep.name.c_str(), completed, sweep.cells.size(), diverged, unfinished, formatDuration(seconds).c_str(),
              (fs::path(out) / runformat::kSweepTableFile).c_str());
  if (stopFlag()) return kExitStopped;
  return completed == sweep.cells.size() ? kExitOk : kExitRunFailed;
}

int reportCommand(const Arguments& args) {
  if (args.positional.size() != 1) throw UsageError("expected exactly one SWEEP_DIR");
  const std::string dir = args.positional[0];
  if (!fs::is_directory(dir)) throw RunError(dir + ": not a folder");
  const auto rows = scanSweep(dir);
  if (rows.empty()) throw RunError(dir + ": not a sweep directory (no sub-folder has a sweep_cell.json)");
  const std::string metric = args.value("--metric", "");
  const auto report = metric.empty() ? sweepReport(rows) : sweepReport(rows, metric);
  writeFileAtomically((fs::path(dir) / "report.md").string(), report.markdown);
  writeFileAtomically((fs::path(dir) / "report.csv").string(), report.csv);
  std::fputs(report.markdown.c_str(), stdout);
  std::printf("\nwritten: %s, %s\n", (fs::path(dir) / "report.md").c_str(), (fs::path(dir) / "report.csv").c_str());
  return kExitOk;
}

}  // namespace comet::cli
