// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include "widgets/RunData.h"

namespace comet::gui {

// A run directory as the workbench and `comet plot` show it: the core's reader
// (core/run/RunDirectory.h) in its lenient mode, wrapped in RunData. A corrupt
// optional file leaves its part empty (the problems go to summary.message);
// a folder that is not a run directory throws RunError or ConfigError.
class RunLoader {
 public:
  static RunData load(const QString& directory);
};

}  // namespace comet::gui
