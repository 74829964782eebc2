// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "widgets/ProbeView.h"

class QComboBox;
class QLabel;

namespace comet::gui {

class HeatmapPlot;

// Neuron usage of one hidden layer: classes x neurons activation frequency, the
// neurons sortable by index, overall frequency or preferred class; dead and
// always-on counts beside it.
class UsageView : public ProbeView {
  Q_OBJECT
 public:
  enum class Order { Index, Frequency, PreferredClass };
  explicit UsageView(QWidget* parent = nullptr);
  void setOrder(Order order);
  QCustomPlot* plot() const override;
  QString figureName() const override;
  CsvTable figureData() const override;
  HeatmapPlot* heatmap() const { return m_heatmap; }

 private:
  void rebuild() override;

  QComboBox* m_order = nullptr;
  QLabel* m_info = nullptr;
  HeatmapPlot* m_heatmap = nullptr;
};

}  // namespace comet::gui
