// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <qcustomplot.h>

namespace comet::gui {

// Matplotlib's viridis (perceptually uniform, colour-blind safe), from 9 stops.
QCPColorGradient viridisGradient();

}  // namespace comet::gui
