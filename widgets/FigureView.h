// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QWidget>

#include "widgets/FigureCsv.h"

class QCustomPlot;

namespace comet::gui {

// A view that shows one figure: the plot to export and the data behind it.
class FigureView : public QWidget {
  Q_OBJECT
 public:
  using QWidget::QWidget;
  virtual QCustomPlot* plot() const = 0;
  virtual QString figureName() const = 0;  // file-name stem: "curves", "usage_layer1", ...
  virtual NumericCsv figureData() const = 0;
};

}  // namespace comet::gui
