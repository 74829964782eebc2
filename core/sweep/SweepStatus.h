// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/sweep/Sweep.h"

namespace comet {

// DIR/sweep.json: which sweep file (absolute) and overrides fill the folder, so that
// `comet sweep --status DIR` and the workbench know every cell, also the ones that
// have not started. Written by `comet sweep` and `comet sweep --slurm`.
struct SweepRecord {
  std::string name;
  std::string file;
  std::vector<std::string> overrides;
  int64_t cells = 0;
};
void writeSweepRecord(const std::string& out, const Sweep& sweep, const std::vector<std::string>& overrides);
// nullopt when the folder has no sweep.json; throws RunError naming the file when it
// is corrupt.
std::optional<SweepRecord> readSweepRecord(const std::string& out);

// The Slurm jobs submitted into a folder (DIR/slurm/jobs.tsv), oldest first.
std::vector<std::string> readSlurmJobIds(const std::string& out);
void appendSlurmJob(const std::string& out, const std::string& jobId, const std::string& arraySpec);

// Where each cell of a sweep stands: its directory, its lock, the cluster's queue.
enum class CellProgress { Done, Diverged, Running, Queued, Stopped, Failed, Pending };
const char* toString(CellProgress progress);

struct CellStatus {
  int64_t index = 0;
  std::string name;
  CellProgress progress = CellProgress::Pending;
  std::string detail;               // "test acc 71.2%", "epoch 2 of 5", the failure's message, ...
  std::vector<std::string> logTail; // failed cells: the last lines of the Slurm log, if any
};

// `queue`: cell index -> Slurm state of its array task (parseSqueueTasks), empty for
// a local sweep. A cell is
//   done / diverged  its directory holds the cell's completed / diverged run
//   queued           its task is pending in the queue
//   running          its task runs, or a process holds the directory's lock
//   stopped          stopped or killed with a checkpoint: the next sweep resumes it
//   failed           status failed, killed before its first checkpoint, or its Slurm
//                    task ended without running it (the log says why)
//   pending          not started (or the directory holds another experiment)
std::vector<CellStatus> sweepStatus(const Sweep& sweep, const std::string& out,
                                    const std::map<int64_t, std::string>& queue = {}, size_t logLines = 5);

}  // namespace comet
