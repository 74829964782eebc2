// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "widgets/ProbeView.h"

namespace comet::gui {

// Mask overlap of one hidden layer: class x class mean Jaccard, or example x
// example Jaccard with the examples sorted by class.
class OverlapView : public HeatmapProbeView {
  Q_OBJECT
 public:
  enum class Mode { Classes, Examples };
  explicit OverlapView(QWidget* parent = nullptr);
  void setMode(Mode mode);
  QString figureName() const override;

 private:
  void rebuild() override;
};

}  // namespace comet::gui
