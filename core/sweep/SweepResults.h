// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/run/RunDirectory.h"
#include "core/sweep/Sweep.h"

namespace comet {

// The runs of a sweep directory, merged by directory: every sub-directory with a
// sweep_cell.json (written when a cell starts) is one row, whichever machine or
// process ran it.
struct SweepRow {
  std::string directory;
  int64_t index = -1;
  std::vector<std::pair<std::string, std::string>> assignments;  // swept key -> value
  std::map<std::string, std::string> summary;                    // summary.json (empty if absent)
  std::string status() const;                                    // "missing" when there is no summary
  double number(const std::string& key) const;                   // NaN when absent or null
};

// Marks `runDir` as cell `cell` of a sweep (sweep_cell.json).
void writeCellMarker(const std::string& runDir, const SweepCell& cell);
// Where a cell stands, judged from its run directory. Only a run of exactly this
// cell's experiment counts (the thread count aside: --jobs divides the cores).
enum class CellState {
  Pending,    // never started, failed, another experiment, or unreadable: run it afresh
  Resumable,  // stopped or killed (status stopped/running) with a checkpoint.pt: resume it
  Finished,   // completed, or diverged (a deterministic outcome: a re-run diverges again)
};
CellState cellState(const std::string& runDir, const SweepCell& cell);
// The same, for a directory already read; holdsCell: whether it holds this cell's
// experiment at all.
CellState cellState(const RunDirectory& run, const SweepCell& cell);
bool holdsCell(const RunDirectory& run, const SweepCell& cell);
// The directory's config and summary (Lenient), nullopt when either is missing or
// unreadable.
std::optional<RunDirectory> readCellDirectory(const std::string& runDir);

std::vector<SweepRow> scanSweep(const std::string& sweepDir);

// One row per run: index, the swept keys, the summary metrics, the directory name.
struct SweepTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};
SweepTable sweepTable(const std::vector<SweepRow>& rows);
// sweepTable as CSV (sweep.csv).
std::string sweepCsv(const std::vector<SweepRow>& rows);

// Final test accuracy per method x (the other swept keys), mean +- std over seeds,
// the best mean of each column marked. Markdown (with **best**) and CSV (long form).
struct SweepReport {
  std::string markdown;
  std::string csv;
};
// Rows are methods, or gates for mixtures of experts (backbone moe).
SweepReport sweepReport(const std::vector<SweepRow>& rows, const std::string& metric);
// test_acc; for multi-task runs one table per task (TASK/test_acc), the CSV with a
// leading metric column.
SweepReport sweepReport(const std::vector<SweepRow>& rows);

}  // namespace comet
