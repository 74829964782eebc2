// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/ExportFlow.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>

#include "widgets/ExportOptionsDialog.h"
#include "widgets/FigureBatch.h"
#include "widgets/FigureView.h"

namespace comet::workbench {

bool ExportFlow::askOptions() {
  gui::ExportOptionsDialog dialog(m_options, m_format, m_parent);
  if (dialog.exec() != QDialog::Accepted) return false;
  m_options = dialog.options();
  m_format = dialog.format();
  return true;
}

QString ExportFlow::exportFigure(const gui::FigureView* view) {
  if (!view || !askOptions()) return {};
  const QString ext = gui::suffix(m_format);
  const QString path = QFileDialog::getSaveFileName(m_parent, tr("Export figure"), view->figureName() + "." + ext,
                                                    ext.toUpper() + QStringLiteral(" (*.%1)").arg(ext));
  if (path.isEmpty()) return {};
  const QFileInfo info(path);
  const QString error = gui::exportFigure(*view, info.path(), info.completeBaseName(), m_format, m_options);
  showError(tr("Export failed"), error);
  return error.isEmpty() ? tr("Wrote %1 and its CSV").arg(path) : QString();
}

QString ExportFlow::exportAll(const std::vector<const gui::RunData*>& runs) {
  if (!askOptions()) return {};
  const QString dir = QFileDialog::getExistingDirectory(m_parent, tr("Export all figures into"));
  if (dir.isEmpty()) return {};
  QStringList errors;
  const QStringList files = exportAll(runs, dir, m_format, &errors);
  showError(tr("Some figures were not written"), errors.join('\n'));
  return tr("Wrote %1 files into %2").arg(files.size()).arg(dir);
}

QStringList ExportFlow::exportAll(const std::vector<const gui::RunData*>& runs, const QString& directory,
                                  gui::FigureFormat format, QStringList* errors) const {
  return gui::exportFigures(runs, directory, "all", format, m_options, errors);
}

void ExportFlow::restore(const QSettings& s) {
  m_options.width = s.value("export/width", m_options.width).toInt();
  m_options.height = s.value("export/height", m_options.height).toInt();
  m_options.dpi = s.value("export/dpi", m_options.dpi).toDouble();
  m_format = gui::figureFormatFromString(s.value("export/format", "png").toString());
}

void ExportFlow::save(QSettings& s) const {
  s.setValue("export/width", m_options.width);
  s.setValue("export/height", m_options.height);
  s.setValue("export/dpi", m_options.dpi);
  s.setValue("export/format", gui::suffix(m_format));
}

void ExportFlow::showError(const QString& title, const QString& text) const {
  if (!text.isEmpty()) QMessageBox::warning(m_parent, title, text);
}

}  // namespace comet::workbench
