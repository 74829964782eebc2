// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

#include "core/config/ExperimentConfig.h"

class QWidget;

namespace comet::gui {
class RecentFilesMenu;
}

namespace comet::workbench {

// The experiment YAML behind the setup form: which file it is, reading it,
// writing it (atomically), the Open and Save as dialogs, and the recent files.
class ConfigFile {
  Q_DECLARE_TR_FUNCTIONS(ConfigFile)
 public:
  ConfigFile(QWidget* parent, gui::RecentFilesMenu* recent) : m_parent(parent), m_recent(recent) {}

  // The file last opened or saved (absolute), empty before that.
  const QString& path() const { return m_path; }
  // Both return an error text, empty on success; then `path` is the file and
  // heads the recent files.
  QString load(const QString& path, ExperimentConfig& config);
  QString save(const QString& path, const ExperimentConfig& config);
  // The file dialogs: the chosen path, empty when cancelled.
  QString askOpen() const;
  QString askSaveAs() const;

 private:
  void remember(const QString& path);

  QWidget* m_parent;
  gui::RecentFilesMenu* m_recent;
  QString m_path;
};

}  // namespace comet::workbench
