// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The core's value types as Qt meta types, so that they cross threads in queued
// signals. Call registerCometMetaTypes() once before the first queued connection.
#include <QMetaType>
#include <vector>

#include "core/probe/ProbeReport.h"
#include "core/train/Metrics.h"

Q_DECLARE_METATYPE(comet::RunInfo)
Q_DECLARE_METATYPE(comet::StepRecord)
Q_DECLARE_METATYPE(comet::EpochRecord)
Q_DECLARE_METATYPE(comet::RunSummary)
Q_DECLARE_METATYPE(comet::ProbeReport)

namespace comet::gui {
void registerCometMetaTypes();
}  // namespace comet::gui
