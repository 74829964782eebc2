// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <qcustomplot.h>

namespace comet::gui {

// Matplotlib's viridis (perceptually uniform, colour-blind safe), from 9 stops.
QCPColorGradient viridisGradient();
// A diverging blue-white-red map (Moreland's "cool to warm"), white at the middle:
// for differences centred at 0.
QCPColorGradient divergingGradient();

}  // namespace comet::gui
