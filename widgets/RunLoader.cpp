// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/RunLoader.h"

#include <QFileInfo>

#include "core/run/RunDirectory.h"

namespace comet::gui {

RunData RunLoader::load(const QString& directory) {
  RunDirectory record = readRunDirectory(directory.toStdString(), ReadMode::Lenient);
  RunData run;
  run.directory = QFileInfo(directory).absoluteFilePath();
  run.fromDisk = true;
  run.config = std::move(record.config);
  run.summary = std::move(record.summary);
  run.epochs = std::move(record.epochs);
  run.steps = std::move(record.steps);
  run.probe = std::move(record.probe);
  run.samples = std::move(record.samples);
  for (const auto& problem : record.problems)
    run.summary.message += (run.summary.message.empty() ? "" : "\n") + ("skipped " + problem);
  return run;
}

}  // namespace comet::gui
