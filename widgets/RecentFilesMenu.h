// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMenu>

namespace comet::gui {

// "Open recent": the last few files, kept in QSettings under `key`.
class RecentFilesMenu : public QMenu {
  Q_OBJECT
 public:
  RecentFilesMenu(const QString& title, const QString& key, QWidget* parent = nullptr);
  void addFile(const QString& path);

 Q_SIGNALS:
  void fileChosen(const QString& path);

 private:
  void rebuild();
  QString m_key;
};

}  // namespace comet::gui
