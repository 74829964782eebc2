// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/ConfigFile.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QSaveFile>

#include "core/config/ConfigLoader.h"
#include "widgets/RecentFilesMenu.h"

namespace comet::workbench {

QString ConfigFile::load(const QString& path, ExperimentConfig& config) {
  try {
    config = ConfigLoader::loadFile(path.toStdString());
  } catch (const std::exception& e) {
    return QString::fromUtf8(e.what());
  }
  remember(path);
  return {};
}

QString ConfigFile::save(const QString& path, const ExperimentConfig& config) {
  QSaveFile file(path);  // atomic: a crash mid-save leaves the old file
  const QByteArray yaml = QByteArray::fromStdString(toYaml(config));
  if (!file.open(QIODevice::WriteOnly) || file.write(yaml) != yaml.size() || !file.commit())
    return tr("Cannot save %1: %2").arg(path, file.errorString());
  remember(path);
  return {};
}

QString ConfigFile::askOpen() const {
  return QFileDialog::getOpenFileName(m_parent, tr("Open config"), QFileInfo(m_path).path(),
                                      tr("Experiment YAML (*.yaml *.yml)"));
}

QString ConfigFile::askSaveAs() const {
  return QFileDialog::getSaveFileName(m_parent, tr("Save config"), m_path, tr("YAML (*.yaml)"));
}

void ConfigFile::remember(const QString& path) {
  m_path = QFileInfo(path).absoluteFilePath();
  m_recent->addFile(m_path);
}

}  // namespace comet::workbench
