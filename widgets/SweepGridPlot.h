// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <qcustomplot.h>

#include "core/sweep/SweepGrid.h"
#include "widgets/FigureCsv.h"

namespace comet::gui {

// The paper's Figure 4/9: a grid of panels (rows p_k, columns width), per panel
// the metric against epoch for every method, the line at the middle of the
// per-epoch min and max over seeds and the min-max range shaded. One colour per
// method in every panel, one shared legend under the grid.
class SweepGridPlot : public QCustomPlot {
  Q_OBJECT
 public:
  explicit SweepGridPlot(QWidget* parent = nullptr);
  void setGrid(const SweepGrid& grid, const QString& title = {});
  const SweepGrid& grid() const { return m_grid; }
  // Long form: row value, column value, series, epoch, low, middle, high, mean, seeds.
  NumericCsv table() const;
  // The colour of a series label (stable: by its place in the method list).
  static QColor seriesColour(const QString& label);

 private:
  SweepGrid m_grid;
};

}  // namespace comet::gui
