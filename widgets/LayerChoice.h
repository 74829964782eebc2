// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/probe/ProbeReport.h"

class QComboBox;

namespace comet::gui {

// Refills a probe view's layer selector with the report's hidden layers, keeping the
// chosen index where it still exists, without emitting index changes.
void fillLayerChoice(QComboBox* layers, const ProbeReport& report);

}  // namespace comet::gui
