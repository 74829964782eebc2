// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/LayerChoice.h"

#include <QComboBox>
#include <QSignalBlocker>
#include <algorithm>

namespace comet::gui {

void fillLayerChoice(QComboBox* layers, const ProbeReport& report) {
  const int keep = layers->currentIndex();
  const QSignalBlocker block(layers);
  layers->clear();
  for (const auto& lp : report.layers) layers->addItem(QString::number(lp.layer));
  layers->setCurrentIndex(std::clamp(keep, 0, std::max(0, layers->count() - 1)));
}

}  // namespace comet::gui
