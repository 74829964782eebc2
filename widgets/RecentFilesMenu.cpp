// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/RecentFilesMenu.h"

#include <QFileInfo>
#include <QSettings>

namespace comet::gui {

namespace {
constexpr int kMaxRecent = 8;
}

RecentFilesMenu::RecentFilesMenu(const QString& title, const QString& key, QWidget* parent)
    : QMenu(title, parent), m_key(key) {
  rebuild();
}

void RecentFilesMenu::addFile(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value(m_key).toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecent) recent.removeLast();
  settings.setValue(m_key, recent);
  rebuild();
}

void RecentFilesMenu::rebuild() {
  clear();
  const QStringList recent = QSettings().value(m_key).toStringList();
  for (const QString& path : recent)
    addAction(QFileInfo(path).fileName(), this, [this, path] { Q_EMIT fileChosen(path); })->setToolTip(path);
  setEnabled(!recent.isEmpty());
}

}  // namespace comet::gui
