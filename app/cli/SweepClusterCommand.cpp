// SPDX-License-Identifier: GPL-3.0-or-later
// comet sweep SWEEP --slurm [--partition P] [--time T] [--cpus-per-task C] [--mem M]
//                           [--max-parallel K] [--dry-run] [--out DIR]
// comet sweep --status DIR
#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "app/cli/CliCommon.h"
#include "app/cli/Subprocess.h"
#include "core/sweep/Slurm.h"
#include "core/sweep/SweepResults.h"
#include "core/sweep/SweepStatus.h"
#include "core/util/AtomicFile.h"

namespace comet::cli {
namespace fs = std::filesystem;
namespace {

int64_t parsePositive(const std::string& flag, const std::string& v) {
  char* end = nullptr;
  const long long n = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || n < 1) throw UsageError(flag + ": expected an integer >= 1, got '" + v + "'");
  return n;
}

std::string userName() {
  const passwd* pw = ::getpwuid(::getuid());
  return pw ? pw->pw_name : std::to_string(::getuid());
}

// The array tasks of this folder's jobs still in Slurm's queue. `warning` is set
// when the queue could not be read (then the map is empty).
std::map<int64_t, std::string> queuedTasks(const std::string& out, std::string& warning) {
  const std::vector<std::string> jobs = readSlurmJobIds(out);
  if (jobs.empty()) return {};
  const ProcessResult r = runProcess({"squeue", "-h", "-r", "-o", "%i %T", "-u", userName()});
  if (!r.started || r.exitCode != 0) {
    std::string first = r.output.substr(0, r.output.find('\n'));
    warning = "cannot read Slurm's queue (" + (first.empty() ? "squeue exit " + std::to_string(r.exitCode) : first) +
              "): cells queued or running on the cluster are not shown as such";
    return {};
  }
  return parseSqueueTasks(r.output, jobs);
}

std::string cometExecutable() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw RunError("cannot find the comet executable (/proc/self/exe): " + ec.message());
  return self.string();
}

void requireNoSpace(const std::string& what, const std::string& path) {
  // #SBATCH lines are not shell-parsed: a path with white space cannot be written there.
  if (path.find_first_of(" \t\n") != std::string::npos)
    throw UsageError(what + " '" + path + "' contains white space, which an #SBATCH line cannot hold; choose another folder");
}

}  // namespace

int slurmSubmit(const Arguments& args, const Sweep& sweep, const std::string& outArg) {
  SlurmOptions options;
  options.partition = args.value("--partition");
  options.time = args.value("--time");
  options.mem = args.value("--mem");
  if (args.has("--cpus-per-task")) options.cpusPerTask = parsePositive("--cpus-per-task", args.value("--cpus-per-task"));
  if (args.has("--max-parallel")) options.maxParallel = parsePositive("--max-parallel", args.value("--max-parallel"));
  try {
    validateSlurmOptions(options);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  const std::string out = fs::absolute(outArg).lexically_normal().string();
  const std::string workdir = fs::current_path().string();
  requireNoSpace("the sweep folder", out);
  requireNoSpace("the working directory", workdir);
  const bool dryRun = args.has("--dry-run");

  std::string warning;
  const auto queue = dryRun ? std::map<int64_t, std::string>{} : queuedTasks(out, warning);
  if (!warning.empty()) std::fprintf(stderr, "comet sweep: warning: %s\n", warning.c_str());
  std::vector<int64_t> cells;
  size_t finished = 0, onCluster = 0;
  for (const auto& c : sweep.cells) {
    if (cellState((fs::path(out) / c.name).string(), c) == CellState::Finished) ++finished;
    else if (queue.count(c.index)) ++onCluster;
    else cells.push_back(c.index);
  }
  std::printf("sweep %s: %zu cells, %zu finished, %zu queued or running, %zu to submit -> %s\n", sweep.name.c_str(),
              sweep.cells.size(), finished, onCluster, cells.size(), out.c_str());
  if (cells.empty()) {
    std::printf("nothing to submit\n");
    return kExitOk;
  }
  SbatchJob job;
  job.sweepName = sweep.name;
  job.comet = cometExecutable();
  job.sweepFile = fs::absolute(sweep.file).lexically_normal().string();
  job.out = out;
  job.workdir = workdir;
  job.overrides = args.overrides;
  job.cells = cells;
  job.totalCells = static_cast<int64_t>(sweep.cells.size());
  job.options = options;
  fs::create_directories(fs::path(out) / "slurm");
  writeSweepRecord(out, sweep, args.overrides);
  const std::string script = (fs::path(out) / "sweep.sbatch").string();
  writeFileAtomically(script, sbatchScript(job));
  fs::permissions(script, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
  if (dryRun) {
    std::fputs(sbatchScript(job).c_str(), stdout);
    std::printf("written: %s (not submitted: --dry-run)\n", script.c_str());
    return kExitOk;
  }
  const ProcessResult r = runProcess({"sbatch", "--parsable", script});
  if (!r.started)
    throw RunError("cannot run sbatch (" + r.output + "): --slurm needs Slurm's client commands on PATH (Debian: slurm-client); " +
                   script + " is written and can be submitted by hand");
  if (r.exitCode != 0) throw RunError("sbatch " + script + " failed (exit " + std::to_string(r.exitCode) + "): " + r.output);
  std::string id;
  try {
    id = parseSbatchJobId(r.output);
  } catch (const std::runtime_error& e) {
    throw RunError(e.what());
  }
  const std::string spec = slurmArraySpec(cells, options.maxParallel);
  appendSlurmJob(out, id, spec);
  std::printf("submitted job %s: array %s (%zu tasks); logs %s/slurm/cell_<index>.log\n", id.c_str(), spec.c_str(),
              cells.size(), out.c_str());
  std::printf("follow it with: comet sweep --status %s\n", out.c_str());
  return kExitOk;
}

int sweepStatusCommand(const Arguments& args) {
  if (!args.positional.empty()) throw UsageError("--status DIR takes no sweep file: the folder's sweep.json names it");
  const std::string out = args.value("--status");
  if (!fs::is_directory(out)) throw RunError(out + ": not a folder");
  const auto record = readSweepRecord(out);
  if (!record)
    throw RunError(out + ": no sweep.json (written by `comet sweep` and `comet sweep --slurm`); for a folder of an older "
                   "version use `comet sweep FILE --list --out " + out + "`");
  if (!fs::exists(record->file))
    throw RunError(out + "/sweep.json: its sweep file " + record->file + " no longer exists");
  const Sweep sweep = loadSweep(record->file, record->overrides);
  std::string warning;
  const auto queue = queuedTasks(out, warning);
  const auto cells = sweepStatus(sweep, out, queue);

  std::map<CellProgress, size_t> count;
  for (const auto& c : cells) ++count[c.progress];
  std::printf("sweep %s (%s), %zu cells in %s\n", sweep.name.c_str(), record->file.c_str(), cells.size(), out.c_str());
  for (const auto& c : cells) {
    if (c.progress == CellProgress::Done) continue;
    std::printf("%5lld  %-8s  %s%s%s\n", static_cast<long long>(c.index), toString(c.progress), c.name.c_str(),
                c.detail.empty() ? "" : ": ", c.detail.c_str());
    for (const auto& line : c.logTail) std::printf("         | %s\n", line.c_str());
  }
  std::printf("done %zu, diverged %zu, running %zu, queued %zu, stopped %zu, failed %zu, pending %zu\n",
              count[CellProgress::Done], count[CellProgress::Diverged], count[CellProgress::Running],
              count[CellProgress::Queued], count[CellProgress::Stopped], count[CellProgress::Failed],
              count[CellProgress::Pending]);
  if (!warning.empty()) std::printf("warning: %s\n", warning.c_str());
  return count[CellProgress::Done] == cells.size() ? kExitOk : kExitRunFailed;
}

}  // namespace comet::cli
