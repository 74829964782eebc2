// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include "core/config/ExperimentConfig.h"

namespace comet::gui {

// The line under p_k in the setup form: k per layer and how many masks each layer
// can draw (10^x), per token of one block's MLPs for a transformer; for the
// standard MLP that p_k is unused, for a mixture of experts the gates' k of n.
// Broken at spaces into lines of at most 36 characters, the form's least width.
QString capInfoText(const ExperimentConfig& config);

}  // namespace comet::gui
