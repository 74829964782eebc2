// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "widgets/ProbeView.h"

namespace comet::gui {

// Neuron usage of one hidden layer: classes x neurons activation frequency, the
// neurons sortable by index, overall frequency or preferred class; dead and
// always-on counts beside it.
class UsageView : public HeatmapProbeView {
  Q_OBJECT
 public:
  enum class Order { Index, Frequency, PreferredClass };
  explicit UsageView(QWidget* parent = nullptr);
  void setOrder(Order order);
  QString figureName() const override;

 private:
  void rebuild() override;
};

}  // namespace comet::gui
