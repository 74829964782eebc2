// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/sweep/SweepResults.h"

namespace comet {

// The data of the paper's Figure 4/9 grid: one panel per (row value, column value)
// of two swept keys (p_k and width), one series per value of a third (the method),
// and per epoch the min, max, middle ((min + max) / 2, the paper's line) and mean
// of a metric over the seeds. Torch-free, read from metrics.csv files, so it can
// fill in while a sweep is still running.
struct GridSeries {
  std::string label;           // e.g. "comet"
  std::vector<double> epochs;  // 1-based epochs that at least one seed reached
  std::vector<double> low, high, middle, mean;
  int seeds = 0;
};

struct GridPanel {
  std::string rowValue, columnValue;
  std::vector<GridSeries> series;  // in the order of SweepGrid::seriesValues (missing ones left out)
};

struct SweepGrid {
  std::string rowKey, columnKey, seriesKey, metric;
  std::vector<std::string> rowValues, columnValues, seriesValues;  // sorted numerically when numbers
  std::vector<GridPanel> panels;                                   // row-major: rows x columns
  const GridPanel& panel(size_t row, size_t column) const { return panels[row * columnValues.size() + column]; }
};

// `metric` is a metrics.csv column (val_acc, val_loss, train_loss, train_acc).
SweepGrid sweepGrid(const std::vector<SweepRow>& rows, const std::string& metric = "val_acc",
                    const std::string& rowKey = "model.pk", const std::string& columnKey = "model.width",
                    const std::string& seriesKey = "model.method");

}  // namespace comet
