// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/probe/ProbeReport.h"
#include "widgets/FigureView.h"

class QComboBox;
class QLabel;

namespace comet::gui {

class HeatmapPlot;

// Neuron usage of one hidden layer: classes x neurons activation frequency, the
// neurons sortable by index, overall frequency or preferred class; dead and
// always-on counts beside it.
class UsageView : public FigureView {
  Q_OBJECT
 public:
  enum class Order { Index, Frequency, PreferredClass };
  explicit UsageView(QWidget* parent = nullptr);
  void setReport(const ProbeReport& report, const QString& runLabel = {});
  void setLayer(int index);
  void setOrder(Order order);
  QCustomPlot* plot() const override;
  QString figureName() const override;
  CsvTable figureData() const override;
  HeatmapPlot* heatmap() const { return m_heatmap; }
  int layerCount() const { return static_cast<int>(m_report.layers.size()); }

 private:
  void rebuild();

  ProbeReport m_report;
  QString m_runLabel;
  QComboBox* m_layer = nullptr;
  QComboBox* m_order = nullptr;
  QLabel* m_info = nullptr;
  HeatmapPlot* m_heatmap = nullptr;
};

}  // namespace comet::gui
