// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/FigureExporter.h"

#include <QDir>
#include <QFileInfo>
#include <QSvgGenerator>
#include <qcustomplot.h>
#include <stdexcept>

#include "core/util/AtomicFile.h"
#include "widgets/FigureView.h"

namespace comet::gui {

FigureFormat figureFormatFromString(const QString& text, bool* ok) {
  const QString t = text.toLower();
  if (ok) *ok = (t == "png" || t == "pdf" || t == "svg");
  if (t == "pdf") return FigureFormat::Pdf;
  if (t == "svg") return FigureFormat::Svg;
  return FigureFormat::Png;
}

QString suffix(FigureFormat format) {
  switch (format) {
    case FigureFormat::Pdf: return QStringLiteral("pdf");
    case FigureFormat::Svg: return QStringLiteral("svg");
    case FigureFormat::Png: break;
  }
  return QStringLiteral("png");
}

QString exportPlot(QCustomPlot* plot, const QString& path, FigureFormat format, const ExportOptions& o) {
  // Into a temporary file beside the target, then renamed over it: an export
  // interrupted at any moment leaves the old figure or the new one, never half.
  try {
    writeAtomicallyWith(path.toStdString(), [&](const std::string& tmpPath) {
      const QString tmp = QString::fromStdString(tmpPath);
      bool ok = false;
      switch (format) {
        case FigureFormat::Png:
          ok = plot->savePng(tmp, o.width, o.height, o.dpi / 96.0, -1, static_cast<int>(o.dpi), QCP::ruDotsPerInch);
          break;
        case FigureFormat::Pdf:
          ok = plot->savePdf(tmp, o.width, o.height, QCP::epNoCosmetic, QStringLiteral("COMET Workbench"));
          break;
        case FigureFormat::Svg: {
          QSvgGenerator svg;
          svg.setFileName(tmp);
          svg.setSize(QSize(o.width, o.height));
          svg.setViewBox(QRect(0, 0, o.width, o.height));
          svg.setTitle(QFileInfo(path).completeBaseName());
          svg.setDescription(QStringLiteral("COMET Workbench figure"));
          QCPPainter painter;
          ok = painter.begin(&svg);
          if (ok) {
            plot->toPainter(&painter, o.width, o.height);
            ok = painter.end();
          }
          break;
        }
      }
      // QCustomPlot reports success even for an unwritable PDF path: check the file.
      if (!ok || QFileInfo(tmp).size() == 0) throw std::runtime_error("the renderer wrote nothing");
    });
  } catch (const std::exception& e) {
    return QStringLiteral("cannot write %1 (%2)").arg(path, QString::fromUtf8(e.what()));
  }
  return {};
}

QString exportFigure(const FigureView& view, const QString& directory, const QString& stem, FigureFormat format,
                     const ExportOptions& options) {
  QDir().mkpath(directory);
  const QDir dir(directory);
  const QString error = exportPlot(view.plot(), dir.filePath(stem + "." + suffix(format)), format, options);
  if (!error.isEmpty()) return error;
  if (!writeCsv(view.figureData(), dir.filePath(stem + ".csv"))) return QStringLiteral("cannot write %1.csv").arg(stem);
  return {};
}

}  // namespace comet::gui
