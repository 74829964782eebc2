// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include "widgets/RunData.h"

namespace comet::gui {

// Reads a run directory written by `comet run` or the workbench (see
// docs/run-directory.md): config.yaml, summary.json, metrics.csv, steps.csv and
// probe/*.csv. Torch-free. Missing optional files leave their part empty; a
// directory without config.yaml or summary.json throws std::runtime_error.
class RunLoader {
 public:
  static RunData load(const QString& directory);
  // Only the probe CSVs (empty report when there are none).
  static ProbeReport loadProbe(const QString& probeDirectory);
};

}  // namespace comet::gui
