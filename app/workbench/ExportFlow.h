// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>
#include <vector>

#include "widgets/FigureExporter.h"

class QSettings;
class QWidget;

namespace comet::gui {
struct RunData;
}

namespace comet::workbench {

// Exporting figures from the window: the options dialog (size, dpi, format), then
// a file for the front figure or a folder for every figure of the checked runs.
// Remembers the options between exports and, through the settings, between
// sessions. Problems are shown in a message box over `parent`.
class ExportFlow {
  Q_DECLARE_TR_FUNCTIONS(ExportFlow)
 public:
  explicit ExportFlow(QWidget* parent) : m_parent(parent) {}

  // Each returns the status-bar line ("Wrote ..."), empty when nothing was written
  // or the user cancelled.
  QString exportFigure(const gui::FigureView* view);
  QString exportAll(const std::vector<const gui::RunData*>& runs);
  // Without dialogs: every figure of `runs` into `directory`; the files written.
  QStringList exportAll(const std::vector<const gui::RunData*>& runs, const QString& directory,
                        gui::FigureFormat format, QStringList* errors) const;

  void restore(const QSettings& settings);
  void save(QSettings& settings) const;

 private:
  bool askOptions();  // false: cancelled
  void showError(const QString& title, const QString& text) const;

  QWidget* m_parent;
  gui::ExportOptions m_options;
  gui::FigureFormat m_format = gui::FigureFormat::Png;
};

}  // namespace comet::workbench
