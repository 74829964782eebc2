// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTimer>
#include <vector>

#include "widgets/FigureView.h"
#include "widgets/RunData.h"

class QCheckBox;
class QComboBox;
class QSlider;
class QCPGraph;

namespace comet::gui {

// Live learning curves of several runs: train (EMA-smoothed, raw faint) and
// validation loss or accuracy against step or epoch. New points are appended in
// bulk and the plot is redrawn behind a ~30 Hz timer, never per data point. Runs
// that differ only by seed can be drawn as their mean with a min-max band.
class CurvePlot : public FigureView {
  Q_OBJECT
 public:
  enum class Metric { Loss, Accuracy };
  enum class XAxis { Step, Epoch };
  explicit CurvePlot(QWidget* parent = nullptr);

  // The runs to overlay. The pointers are owned by the caller and must stay valid
  // until the next setRuns(); their vectors may grow (call dataAppended()).
  void setRuns(const std::vector<const RunData*>& runs);
  // Some run got new steps or epochs: picked up at the next frame.
  void dataAppended();

  void setMetric(Metric metric);
  void setXAxis(XAxis axis);
  void setLogY(bool on);
  void setSmoothing(double weight);  // EMA weight in [0, 0.99]
  void setFollowLatest(bool on);
  void setSeedMean(bool on);         // mean with min-max band for seed groups

  QCustomPlot* plot() const override { return m_plot; }
  QString figureName() const override { return QStringLiteral("curves"); }
  CsvTable figureData() const override;
  // Points in the graphs (what is drawn; per-step curves are bucketed past 16k).
  int64_t pointsPlotted() const;
  // Data points behind the shown curves (every step and epoch value of the runs).
  int64_t dataPoints() const;
  // Durations of the replots so far (milliseconds), for benchmarks.
  const std::vector<double>& replotMs() const { return m_replotMs; }
  // Draws now (tests, export).
  void refreshNow();

 private:
  struct Series {
    const RunData* run = nullptr;
    QCPGraph* raw = nullptr;     // per-step training loss, faint
    QCPGraph* train = nullptr;   // smoothed (step axis) or per epoch
    QCPGraph* val = nullptr;
    size_t stepsTaken = 0;
    size_t bucket = 1;           // steps per drawn point (grows past kMaxStepPoints)
    size_t epochsTaken = 0;
    double ema = 0;
    bool emaStarted = false;
  };
  void rebuild();
  void appendNew(Series& s);
  void appendSteps(Series& s);
  void markDivergence(const Series& s);
  void buildSeedGroups();
  void frame();
  void showHover(QMouseEvent* event);
  void userMovedView();
  double epochValue(const EpochRecord& e, bool train) const;
  double epochX(const EpochRecord& e) const;

  QCustomPlot* m_plot = nullptr;
  QComboBox* m_metric = nullptr;
  QComboBox* m_xAxis = nullptr;
  QCheckBox* m_logY = nullptr;
  QSlider* m_smoothing = nullptr;
  QCheckBox* m_follow = nullptr;
  QComboBox* m_seeds = nullptr;
  QTimer m_frameTimer;
  std::vector<const RunData*> m_runs;
  std::vector<Series> m_series;
  std::vector<double> m_replotMs;
  bool m_dirty = false;
  bool m_needsRebuild = true;
};

}  // namespace comet::gui
