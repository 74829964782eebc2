// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/CometMetaTypes.h"

namespace comet::gui {

void registerCometMetaTypes() {
  qRegisterMetaType<comet::RunInfo>();
  qRegisterMetaType<comet::StepRecord>();
  qRegisterMetaType<comet::EpochRecord>();
  qRegisterMetaType<comet::RunSummary>();
  qRegisterMetaType<comet::ProbeReport>();
}

}  // namespace comet::gui
