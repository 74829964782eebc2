// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTimer>
#include <vector>

#include "widgets/CurveModel.h"
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
// that differ only by seed can be drawn as their mean with a min-max band. The
// points come from a CurveModel; this widget styles, draws and exports them.
class CurvePlot : public FigureView {
  Q_OBJECT
 public:
  using Metric = CurveModel::Metric;
  using XAxis = CurveModel::XAxis;
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
  // Multi-task runs: show one task's curves ("" : the run's own metrics). The task
  // selector lists the tasks of the runs and is hidden when they have none.
  void setTask(const QString& task);
  QStringList tasks() const;

  QCustomPlot* plot() const override { return m_plot; }
  QString figureName() const override { return QStringLiteral("curves"); }
  NumericCsv figureData() const override;
  // Points in the graphs (what is drawn; per-step curves are bucketed past 16k).
  int64_t pointsPlotted() const;
  // Data points behind the shown curves (every step and epoch value of the runs).
  int64_t dataPoints() const;
  // Durations of the replots so far (milliseconds), for benchmarks.
  const std::vector<double>& replotMs() const { return m_replotMs; }
  // Draws now (tests, export).
  void refreshNow();

 private:
  // One graph per curve of the model, and how much of that curve it holds.
  struct Drawn {
    QCPGraph* graph = nullptr;
    size_t points = 0;
    unsigned restarts = 0;
  };
  CurveModel::Options options() const;
  void rebuild();
  void addGraph(const CurveModel::Curve& curve);
  void drawNewPoints();
  void frame();
  void showHover(QMouseEvent* event);
  void userMovedView();

  QCustomPlot* m_plot = nullptr;
  QComboBox* m_metric = nullptr;
  QComboBox* m_xAxis = nullptr;
  QCheckBox* m_logY = nullptr;
  QSlider* m_smoothing = nullptr;
  QCheckBox* m_follow = nullptr;
  QComboBox* m_seeds = nullptr;
  QComboBox* m_task = nullptr;
  void refreshTasks();
  QTimer m_frameTimer;
  std::vector<const RunData*> m_runs;
  CurveModel m_model;
  std::vector<Drawn> m_drawn;  // parallel to m_model.curves()
  std::vector<double> m_replotMs;
  bool m_dirty = false;
  bool m_needsRebuild = true;
};

}  // namespace comet::gui
