// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QWidget;

namespace comet::workbench {

// About COMET Workbench: versions of the workbench, Qt, LibTorch and the BLAS.
void showAboutDialog(QWidget* parent);

}  // namespace comet::workbench
