// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

#include "core/probe/ProbeReport.h"
#include "core/train/Metrics.h"
#include "widgets/FigureView.h"
#include "widgets/GateFigures.h"

class QComboBox;
class QLabel;
class QStackedWidget;

namespace comet::gui {

// What a mixture of experts' gates do, per task (backbone moe): expert utilisation
// (examples routed to each expert, and preferring it), the mean gate weight per
// class, the examples x experts gate weights of the probed examples (sortable by
// class or preferred expert), and the non-zeros per example after each epoch.
class GatesView : public FigureView {
  Q_OBJECT
 public:
  enum class Show { Utilisation, Classes, Weights, NonZeros };
  explicit GatesView(QWidget* parent = nullptr);
  // The run's latest probe and its epochs (for the non-zeros curve).
  void setRun(const ProbeReport& report, const std::vector<EpochRecord>& epochs, const QString& runLabel = {});
  void setTask(int index);
  void setShow(Show show);
  void setOrder(ExampleOrder order);
  int taskCount() const { return static_cast<int>(m_report.gates.size()); }

  QCustomPlot* plot() const override;
  QString figureName() const override;  // gates_<task>_utilisation, _classes, _weights, _nonzeros
  NumericCsv figureData() const override;

 private:
  void rebuild();
  void drawUtilisation(const TaskGates& g);
  void drawNonZeros(const TaskGates& g);
  const TaskGates* currentTask() const;
  QString runSuffix() const;  // ", <run label>" for titles, or nothing
  Show show() const;
  ExampleOrder order() const;

  ProbeReport m_report;
  std::vector<EpochRecord> m_epochs;
  QString m_runLabel;
  QComboBox* m_task = nullptr;
  QComboBox* m_show = nullptr;
  QLabel* m_orderLabel = nullptr;
  QComboBox* m_order = nullptr;
  QLabel* m_info = nullptr;
  QStackedWidget* m_stack = nullptr;
  QCustomPlot* m_chart = nullptr;  // bars and curves
  HeatmapPlot* m_heatmap = nullptr;
};

}  // namespace comet::gui
