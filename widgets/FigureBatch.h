// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <vector>

#include "widgets/FigureExporter.h"
#include "widgets/RunData.h"

namespace comet::gui {

// Renders every figure of some runs into a folder, without showing anything
// (used by "Export all figures" and by `comet plot`):
//   DIR/curves_loss.<fmt>, DIR/curves_accuracy.<fmt>      all runs overlaid
//   DIR/<run>/usage_layerL.<fmt>, overlap_classes_layerL, overlap_examples_layerL,
//   similarity_layerL                                      per run and hidden layer
//   DIR/<run>/gates_<task>_utilisation, _classes, _weights, _nonzeros
//                                                          per run and task (backbone moe)
// each with the CSV of its data. `figure` is all, curves, usage, overlap,
// similarity or gates. Returns the files written; problems are appended to `errors`.
QStringList exportFigures(const std::vector<const RunData*>& runs, const QString& directory, const QString& figure,
                          FigureFormat format, const ExportOptions& options, QStringList* errors);

}  // namespace comet::gui
