// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/CometMetaTypes.h"

namespace comet::workbench {

void registerCometMetaTypes() {
  qRegisterMetaType<comet::RunInfo>();
  qRegisterMetaType<comet::StepRecord>();
  qRegisterMetaType<comet::EpochRecord>();
  qRegisterMetaType<comet::RunSummary>();
  qRegisterMetaType<comet::ProbeReport>();
  qRegisterMetaType<comet::TextSample>();
}

}  // namespace comet::workbench
