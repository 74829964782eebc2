// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/ExperimentConfig.h"
#include "core/data/Dataset.h"

namespace comet {

// A CSV table with one task per column of data.csv_targets (docs/config.md,
// "Multi-task data"), split as the single-target table (a seeded
// data.test_fraction of the rows for test, data.train_subset, data.val_fraction).
//
// Columns by role, in header order: a target (data.csv_targets, its kind from
// data.csv_tasks, regression by default); one-hot encoded (data.csv_categorical:
// one 0/1 feature per value seen in the training rows, in text order, so unseen
// values are all zero); dropped (data.csv_ignore); every other column a numeric
// feature, standardised with the training split's statistics. A classification
// target holds whole numbers; the values in the training rows, in ascending order,
// are the class ids 0, 1, ... and their text the class names.
//
// DataErrors name the file, the line and the column: a named column missing (with
// a did-you-mean), a cell that is not a number, a classification value that is not
// whole or, in validation or test, not seen in training.
DataSplits loadMultiTaskCsv(const DataConfig& c, uint64_t seed);

}  // namespace comet
