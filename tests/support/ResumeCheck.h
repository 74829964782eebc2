// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/data/Dataset.h"
#include "core/train/Metrics.h"

namespace comet::testing {

// A run of `config` on `data` straight through, and the same run stopped after its
// first epoch (a checkpoint in `directory`, removed afterwards) and resumed in a
// fresh Trainer: what an exact resume must make equal.
struct ResumeComparison {
  std::vector<EpochRecord> straight;  // every epoch of the uninterrupted run
  std::vector<EpochRecord> resumed;   // the epochs after the resume (from epoch 2)
  size_t epochsInCheckpoint = 0;      // epochs the resumed trainer found in the checkpoint
  std::string stoppedStatus;          // the first part's status ("stopped")
  RunSummary straightSummary, resumedSummary;
};
ResumeComparison stopAfterFirstEpochAndResume(const ExperimentConfig& config, std::shared_ptr<const DataSplits> data,
                                              const std::string& directory);

}  // namespace comet::testing
