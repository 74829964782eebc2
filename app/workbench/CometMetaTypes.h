// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The core's value types as Qt meta types, for TrainingSession's signals: queued
// connections and QSignalSpy (the tests) need them. They do not cross threads as
// signal arguments: the worker posts through WorkerMailbox and the session emits
// on the GUI thread. TrainingSession registers them.
#include <QMetaType>
#include <vector>

#include "core/probe/ProbeReport.h"
#include "core/train/Metrics.h"

Q_DECLARE_METATYPE(comet::RunInfo)
Q_DECLARE_METATYPE(comet::StepRecord)
Q_DECLARE_METATYPE(comet::EpochRecord)
Q_DECLARE_METATYPE(comet::RunSummary)
Q_DECLARE_METATYPE(comet::ProbeReport)
Q_DECLARE_METATYPE(comet::TextSample)

namespace comet::workbench {
void registerCometMetaTypes();
}  // namespace comet::workbench
