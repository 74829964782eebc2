// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QString>
#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/probe/ProbeReport.h"
#include "core/train/Metrics.h"

namespace comet::gui {

// Everything the workbench shows about one run, as plain values: a live run as the
// session reports it, or a run directory as the core's reader returns it
// (RunLoader). The workbench's RunStore owns these; widgets only read.
struct RunData {
  int id = 0;
  QString directory;
  QColor colour;
  ExperimentConfig config;
  std::vector<StepRecord> steps;
  std::vector<EpochRecord> epochs;
  ProbeReport probe;   // the latest probe
  std::vector<TextSample> samples;  // a language model's text after each epoch
  RunSummary summary;  // status Running while training
  bool fromDisk = false;
};

// "#3 comet w1000 pk0.5 s0", "#4 moe comet_tree+ls k2/6 w256 s0", "#5 vit comet
// d64x4 pk0.5 s0" (the run id keeps equal configs apart)
QString runLabel(const RunData& run);
// The method as tables show it: model.method, "vit comet", or "moe GATE" (+ls:
// local search).
QString methodText(const ExperimentConfig& config);

// The status as the runs table shows it: "queued", "running", "completed",
// "stopped", "failed", or "diverged at step N".
QString statusText(const RunSummary& summary);
// Diverged and failed runs are marked (a warning in the table, a cross on the curves).
bool endedBadly(const RunSummary& summary);
// The colour of those marks.
inline QColor problemColour() { return QColor(192, 0, 0); }

// Runs with equal keys differ only by their seed (and name): the curve plot can
// show them as a mean with a min-max band.
std::string seedGroupKey(const ExperimentConfig& config);

// A colour per run id that stays with the run (a qualitative palette, readable on
// light and dark backgrounds).
QColor runColour(int id);

}  // namespace comet::gui
