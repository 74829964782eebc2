// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/ResumeCheck.h"

#include <atomic>
#include <filesystem>

#include "core/run/RunFormat.h"
#include "core/train/Trainer.h"

namespace comet::testing {
namespace {

struct Recorder : TrainObserver {
  std::vector<EpochRecord> epochs;
  std::atomic<bool>* stopAfterEpoch = nullptr;
  void epochFinished(const EpochRecord& e) override {
    epochs.push_back(e);
    if (stopAfterEpoch) stopAfterEpoch->store(true);
  }
};

}  // namespace

ResumeComparison stopAfterFirstEpochAndResume(const ExperimentConfig& config, std::shared_ptr<const DataSplits> data,
                                              const std::string& directory) {
  ResumeComparison out;
  std::atomic<bool> never{false};
  {
    Trainer straight(config, data);
    Recorder whole;
    straight.addObserver(&whole);
    out.straightSummary = straight.run(never);
    out.straight = whole.epochs;
  }
  std::filesystem::create_directories(directory);
  const std::string checkpoint = directory + "/" + runformat::kCheckpointFile;
  {
    Trainer first(config, data);
    first.setCheckpointPath(checkpoint);
    std::atomic<bool> stop{false};
    Recorder stopper;
    stopper.stopAfterEpoch = &stop;
    first.addObserver(&stopper);
    out.stoppedStatus = toString(first.run(stop).status);
  }
  Trainer second(config, data);
  second.resume(checkpoint);
  out.epochsInCheckpoint = second.progress().epochs.size();
  Recorder rest;
  second.addObserver(&rest);
  out.resumedSummary = second.run(never);
  out.resumed = rest.epochs;
  std::filesystem::remove_all(directory);
  return out;
}

}  // namespace comet::testing
