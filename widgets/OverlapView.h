// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "widgets/ProbeView.h"

class QComboBox;
class QLabel;

namespace comet::gui {

class HeatmapPlot;

// Mask overlap of one hidden layer: class x class mean Jaccard, or example x
// example Jaccard with the examples sorted by class.
class OverlapView : public ProbeView {
  Q_OBJECT
 public:
  enum class Mode { Classes, Examples };
  explicit OverlapView(QWidget* parent = nullptr);
  void setMode(Mode mode);
  QCustomPlot* plot() const override;
  QString figureName() const override;
  CsvTable figureData() const override;
  HeatmapPlot* heatmap() const { return m_heatmap; }

 private:
  void rebuild() override;

  QComboBox* m_mode = nullptr;
  QLabel* m_info = nullptr;
  HeatmapPlot* m_heatmap = nullptr;
};

}  // namespace comet::gui
