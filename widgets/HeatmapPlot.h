// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <qcustomplot.h>
#include <utility>
#include <vector>

#include "widgets/FigureCsv.h"

namespace comet::gui {

// A row-major matrix with what its axes mean.
struct HeatmapData {
  int rows = 0;
  int cols = 0;
  std::vector<double> values;  // [rows x cols]
  QString title;
  QString xLabel;
  QString yLabel;
  QString valueLabel;          // the colour scale's label
  QStringList rowLabels;       // optional tick labels (used when few)
  QStringList colLabels;
  // Labelled positions on the row axis (the middle of each class's block of rows);
  // when set, used instead of rowLabels.
  std::vector<std::pair<double, QString>> rowTicks;
  double low = 0;              // colour range; low == high: the data range
  double high = 0;
  bool diverging = false;      // a blue-white-red map centred at 0 (differences)
};

// A heatmap: QCPColorMap with a labelled QCPColorScale aligned by a margin
// group, viridis, row 0 at the top (matrix convention), cells not smoothed.
class HeatmapPlot : public QCustomPlot {
  Q_OBJECT
 public:
  explicit HeatmapPlot(QWidget* parent = nullptr);
  void setHeatmap(const HeatmapData& data);
  const HeatmapData& heatmap() const { return m_data; }
  // The value the colour map holds for a cell (what is drawn).
  double cellValue(int row, int col) const;
  NumericCsv table() const;

 private:
  QCPColorMap* m_map = nullptr;
  QCPColorScale* m_scale = nullptr;
  QCPTextElement* m_title = nullptr;
  HeatmapData m_data;
};

}  // namespace comet::gui
