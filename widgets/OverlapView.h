// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/probe/ProbeReport.h"
#include "widgets/FigureView.h"

class QComboBox;
class QLabel;

namespace comet::gui {

class HeatmapPlot;

// Mask overlap of one hidden layer: class x class mean Jaccard, or example x
// example Jaccard with the examples sorted by class.
class OverlapView : public FigureView {
  Q_OBJECT
 public:
  enum class Mode { Classes, Examples };
  explicit OverlapView(QWidget* parent = nullptr);
  void setReport(const ProbeReport& report, const QString& runLabel = {});
  void setMode(Mode mode);
  void setLayer(int index);
  QCustomPlot* plot() const override;
  QString figureName() const override;
  CsvTable figureData() const override;
  HeatmapPlot* heatmap() const { return m_heatmap; }

 private:
  void rebuild();

  ProbeReport m_report;
  QString m_runLabel;
  QComboBox* m_layer = nullptr;
  QComboBox* m_mode = nullptr;
  QLabel* m_info = nullptr;
  HeatmapPlot* m_heatmap = nullptr;
};

}  // namespace comet::gui
