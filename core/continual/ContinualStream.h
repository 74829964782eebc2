// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/data/TaskSequence.h"
#include "core/train/TrainStream.h"
#include "core/util/Reservoir.h"

namespace comet {

// A task sequence as the trainer's stream (docs/continual.md): the tasks one after
// another, each for its continual.epochs_per_task epochs; with strategy joint, every
// task at once for the longest task's epochs (the upper bound); with strategy replay,
// continual.replay_batch examples from a reservoir buffer of continual.replay_buffer
// examples of the tasks seen so far added to every batch.
//
// An example's id is task * n + i, i its row in the training split of n rows; its
// inputs are row i under the task's permutation. Batch keys are the rows themselves
// for a split sequence (COMET's mask cache of the training split applies) and the ids
// for a permuted one (no inputs to cache: masks come from the permuted inputs).
class ContinualStream : public TrainStream {
 public:
  ContinualStream(const ExperimentConfig& config, std::shared_ptr<const DataSplits> data);

  int64_t epochs() const override { return static_cast<int64_t>(m_taskOfEpoch.size()); }
  int64_t examples(int64_t epoch) const override;
  torch::Tensor order(int64_t epoch) const override;
  Batch batch(int64_t epoch, const torch::Tensor& ids, int64_t step) override;
  const Dataset& validation(int64_t epoch) const override;
  torch::Tensor prepareInputs() const override;
  std::vector<int64_t> classGroups() const override;

  std::string stateName() const override { return m_replay ? "continual_replay" : std::string(); }
  void saveState(torch::serialize::OutputArchive& archive) const override;
  void loadState(torch::serialize::InputArchive& archive) override;

  const TaskSequence& sequence() const { return m_sequence; }
  bool joint() const { return m_joint; }
  // The task trained in `epoch` (joint: the last task), and whether `epoch` is its last.
  int64_t taskOf(int64_t epoch) const { return m_taskOfEpoch.at(static_cast<size_t>(epoch - 1)); }
  bool endsTask(int64_t epoch) const;
  // The ids of task `task`'s training examples.
  torch::Tensor taskIds(int64_t task) const;
  // Rows `rows` of the training split as task `task` sees them.
  Dataset taskExamples(int64_t task, const torch::Tensor& rows) const;
  const Reservoir* buffer() const { return m_replay.get(); }

 private:
  torch::Tensor inputsOf(const torch::Tensor& ids) const;
  int64_t allExamples() const;  // every task's training examples

  ExperimentConfig m_config;
  std::shared_ptr<const DataSplits> m_data;
  TaskSequence m_sequence;
  bool m_joint = false;
  bool m_permuted = false;
  std::vector<int64_t> m_taskOfEpoch;
  std::unique_ptr<Reservoir> m_replay;
  int64_t m_replayBatch = 0;
  Dataset m_jointValidation;
};

}  // namespace comet
