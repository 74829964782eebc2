// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QCustomPlot;

namespace comet::gui {

class FigureView;

enum class FigureFormat { Png, Pdf, Svg };
FigureFormat figureFormatFromString(const QString& text, bool* ok = nullptr);
QString suffix(FigureFormat format);

struct ExportOptions {
  int width = 800;   // logical size (points for PDF/SVG)
  int height = 500;
  double dpi = 150;  // PNG only
};

// Writes the plot as PNG (at the chosen DPI), PDF or SVG (vector). Returns an
// error text, empty when the file was written.
QString exportPlot(QCustomPlot* plot, const QString& path, FigureFormat format, const ExportOptions& options);

// Writes DIR/<stem>.<fmt> and DIR/<stem>.csv (the data behind the figure).
QString exportFigure(const FigureView& view, const QString& directory, const QString& stem, FigureFormat format,
                     const ExportOptions& options);

}  // namespace comet::gui
