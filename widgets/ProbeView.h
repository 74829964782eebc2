// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/probe/ProbeReport.h"
#include "widgets/FigureView.h"

class QComboBox;
class QHBoxLayout;
class QLabel;

namespace comet::gui {

class HeatmapPlot;

// What the three probe views share: the report of the run being inspected, a
// "Layer" selector filled from it, a tool bar that each view extends with its own
// controls, and the figure below. A view implements rebuild() for the current
// layer (currentLayer(), null when the report has none).
class ProbeView : public FigureView {
  Q_OBJECT
 public:
  explicit ProbeView(QWidget* parent = nullptr);
  void setReport(const ProbeReport& report, const QString& runLabel = {});
  void setLayer(int index);
  int layerCount() const { return static_cast<int>(m_report.layers.size()); }

 protected:
  // The layer shown, or null (no probe yet, or a method without masks).
  const LayerProbe* currentLayer() const;
  QString currentLayerName() const;  // its 1-based number as text, for file names
  const ProbeReport& report() const { return m_report; }
  // ", <run label>" for titles, or nothing.
  QString runSuffix() const;
  QHBoxLayout* toolBar() const { return m_bar; }
  void setFigure(QWidget* figure);
  virtual void rebuild() = 0;

 private:
  ProbeReport m_report;
  QString m_runLabel;
  QComboBox* m_layer = nullptr;
  QHBoxLayout* m_bar = nullptr;
};

// A probe view whose figure is one heatmap (usage, overlap): on the tool bar a
// choice of how to show it (the neurons' order, which overlap) and a line of
// numbers; the figure's data is the heatmap's table. Changing the choice rebuilds.
class HeatmapProbeView : public ProbeView {
  Q_OBJECT
 public:
  QCustomPlot* plot() const override;
  NumericCsv figureData() const override;
  HeatmapPlot* heatmap() const { return m_heatmap; }

 protected:
  // `label` names the choice on the tool bar; `current` is the choice shown first.
  HeatmapProbeView(const QString& label, const QStringList& choices, int current, const QString& info,
                   QWidget* parent);
  QComboBox* choice() const { return m_choice; }
  QLabel* info() const { return m_info; }

 private:
  QComboBox* m_choice = nullptr;
  QLabel* m_info = nullptr;
  HeatmapPlot* m_heatmap = nullptr;
};

}  // namespace comet::gui
