// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include "core/util/NumericCsv.h"

namespace comet::gui {

// The data written beside every exported figure is a NumericCsv
// (core/util/NumericCsv.h), the numeric table the run's probe CSVs are read into
// too; these are its Qt conveniences.

// Appends columns named by Qt strings (axis labels, class names), as they are.
void addColumns(NumericCsv& table, const QStringList& names);
// Writes the table (numericCsvText) to `path` atomically; false, and no partial
// file left, when it cannot.
bool writeCsv(const NumericCsv& table, const QString& path);

}  // namespace comet::gui
