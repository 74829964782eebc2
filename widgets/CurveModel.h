// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "widgets/RunData.h"

namespace comet::gui {

// The exponential moving average that smooths the training loss. One definition for
// the live curves, the seed means and the export, so they cannot drift apart.
struct Ema {
  double weight = 0;  // share of the previous average, in [0, 1)
  double value = 0;
  bool started = false;
  double add(double x) {
    value = started ? weight * value + (1 - weight) * x : x;
    started = true;
    return value;
  }
};

struct CurvePoint {
  double key = 0;
  double value = 0;
};

// The learning curves of several runs as plain point series, without drawing them:
// CurvePlot turns each curve into one graph, in this order, and exports them. The
// runs' vectors may grow between calls; append() then processes only the new
// points, so the live ~30 Hz frame stays cheap however long the runs.
class CurveModel {
 public:
  // BitsPerCharacter: the loss / ln 2 (a language model's loss is in nats per character).
  enum class Metric { Loss, Accuracy, BitsPerCharacter };
  enum class XAxis { Step, Epoch };
  struct Options {
    Metric metric = Metric::Loss;
    XAxis xAxis = XAxis::Step;
    double smoothing = 0;   // EMA weight of the per-step training loss
    bool seedMean = false;  // runs that differ only by seed as mean and min-max band
    // Multi-task runs: empty for the run's own metrics (the objective, the mean
    // accuracy), or a task name for its TASK/train_* and TASK/val_* columns (per
    // epoch; there are no per-step task losses).
    std::string task;
  };
  enum class Role {
    Raw,             // per-step training loss, bucketed to min and max past kMaxStepPoints
    Train,           // EMA of the per-step loss (loss against step), else per epoch
    Val,             // per epoch
    DivergenceMark,  // one point: the last training point of a diverged run
    BandLow,         // seed group: minimum over the seeds, followed by its BandHigh
    BandHigh,        // seed group: maximum, filled down to the BandLow before it
    Mean,            // seed group: mean over the seeds
  };
  struct Curve {
    Role role = Role::Train;
    const RunData* run = nullptr;  // for seed-group curves the group's first run
    size_t seeds = 0;              // seed-group curves: runs in the group
    bool val = false;              // seed-group curves: validation rather than training
    std::vector<CurvePoint> points;
    unsigned restarts = 0;         // times the points were dropped and recomputed (a bucket grew)
  };
  // Per-step points per curve before steps are bucketed (the drawing cost stays bounded).
  static constexpr size_t kMaxStepPoints = 16384;

  // Recomputes every curve from all the data of the runs. The pointers must stay
  // valid until the next rebuild().
  void rebuild(const std::vector<const RunData*>& runs, const Options& options);
  // Adds the steps and epochs appended since the last call. False when a run lost
  // data (cleared or reloaded): nothing changed, call rebuild(). Seed groups and
  // divergence marks are computed by rebuild() only.
  bool append();

  const std::vector<Curve>& curves() const { return m_curves; }
  const Options& options() const { return m_options; }
  // Loss against step: the training curve is per step (raw and smoothed).
  bool perStep() const {
    return m_options.metric != Metric::Accuracy && m_options.xAxis == XAxis::Step && m_options.task.empty();
  }
  // What a loss is multiplied by for the chosen metric: 1, or 1 / ln 2 for bits.
  double lossScale() const;

 private:
  // Where a single run stands in its incremental processing.
  struct Series {
    const RunData* run = nullptr;
    size_t raw = 0, train = 0, val = 0;  // indices into m_curves (raw: perStep() only)
    size_t stepsTaken = 0;
    size_t bucket = 1;  // steps per point, doubles as the run grows past kMaxStepPoints
    size_t epochsTaken = 0;
    Ema ema;
  };
  size_t addCurve(Role role, const RunData* run, size_t seeds = 0, bool val = false);
  void appendNew(Series& s);
  void appendSteps(Series& s);
  void addSeedGroups();
  double epochValue(const EpochRecord& e, bool train) const;
  double epochX(const EpochRecord& e) const;

  Options m_options;
  std::vector<const RunData*> m_runs;
  std::vector<Curve> m_curves;
  std::vector<Series> m_series;
};

}  // namespace comet::gui
