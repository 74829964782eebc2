// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace comet {

// A sweep on a Slurm cluster (docs/sweeps.md, "On a Slurm cluster"): one job array,
// one cell per array task (`--cell $SLURM_ARRAY_TASK_ID`), the array index being the
// cell's index, every task writing into the shared sweep folder.

// What `comet sweep --slurm` passes on to sbatch. Empty / 0: Slurm's default.
struct SlurmOptions {
  std::string partition;
  std::string time;         // minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS
  std::string mem;          // per node: an integer with an optional K, M, G or T suffix
  int64_t cpusPerTask = 0;  // each cell's train.threads; 0: one CPU, Slurm's default
  int64_t maxParallel = 0;  // at most this many tasks at once (the array's %K)
};
// Throws std::invalid_argument naming the option and the accepted forms.
void validateSlurmOptions(const SlurmOptions& options);

// "0-3,5,7-9%2": the indices (sorted, unique) as an --array value.
std::string slurmArraySpec(std::vector<int64_t> indices, int64_t maxParallel = 0);

struct SbatchJob {
  std::string sweepName;
  std::string comet;      // absolute path of the comet binary the tasks run
  std::string sweepFile;  // absolute
  std::string out;        // the sweep folder, absolute
  std::string workdir;    // the tasks' working directory, absolute
  std::vector<std::string> overrides;
  std::vector<int64_t> cells;
  int64_t totalCells = 0;
  SlurmOptions options;
};
// The job-array script (DIR/sweep.sbatch). Each task's log is
// slurmLogFile(out, index); the task execs comet, so scancel's SIGTERM reaches it
// and the cell stops cleanly with a checkpoint.
std::string sbatchScript(const SbatchJob& job);
std::string slurmLogFile(const std::string& out, int64_t cell);
std::string slurmJobsFile(const std::string& out);  // DIR/slurm/jobs.tsv: one submitted job a line

// The job id in `sbatch --parsable`'s output ("123" or "123;cluster"). Throws
// std::runtime_error quoting the output when there is none.
std::string parseSbatchJobId(const std::string& output);

// The array tasks of the given jobs in `squeue -h -r -o "%i %T"` output: cell index
// (the array index) -> Slurm state (PENDING, RUNNING, ...). Lines of other jobs are
// ignored; a not yet split range "12_[4-6%2]" counts for each of its indices.
std::map<int64_t, std::string> parseSqueueTasks(const std::string& output, const std::vector<std::string>& jobIds);

// POSIX shell single-quoting ('it'\''s').
std::string shellQuote(const std::string& text);

}  // namespace comet
