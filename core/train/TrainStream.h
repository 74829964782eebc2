// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "core/data/Dataset.h"
#include "core/train/StatefulPart.h"

namespace comet {

// One batch as the step sees it: inputs, targets, and the keys that examples' masks
// are tied to (ForwardContext::exampleIndex: indices into the inputs given to
// prepare(), or ids of the stream's own).
struct Batch {
  torch::Tensor x;
  torch::Tensor y;
  torch::Tensor keys;
};

// What the trainer trains on, epoch by epoch. The default (wholeSplitStream) is every
// example of the training split in a seeded order per epoch; a continual sequence
// (core/continual) trains its tasks one after another, changes their inputs and mixes
// replayed examples in. Epochs are 1-based.
class TrainStream : public StatefulPart {
 public:
  virtual int64_t epochs() const = 0;
  // The number of examples order(epoch) holds.
  virtual int64_t examples(int64_t epoch) const = 0;
  // The epoch's examples, as the stream's ids, in the order they are trained: a pure
  // function of the seed and the epoch, so a resumed run finds its place in it.
  virtual torch::Tensor order(int64_t epoch) const = 0;
  // The batch of the ids `ids` (a slice of order(epoch)); `step` is the run's step
  // count before this batch.
  virtual Batch batch(int64_t epoch, const torch::Tensor& ids, int64_t step) = 0;
  // The split evaluated after `epoch` as val_loss and val_acc.
  virtual const Dataset& validation(int64_t epoch) const = 0;
  // The inputs the network prepares its per-example state for (COMET's mask cache,
  // keyed by Batch::keys), or an undefined tensor when the keys index no fixed inputs.
  virtual torch::Tensor prepareInputs() const = 0;
  // Task-incremental heads: the group of each class; a target's logits are scored
  // against its own group's classes only (TaskLoss::setClassGroups). Empty: none.
  virtual std::vector<int64_t> classGroups() const { return {}; }
};

// The training split of `data`, every example once per epoch in the order
// seededPermutation(n, seed * 1000003 + epoch), for `epochs` epochs.
std::shared_ptr<TrainStream> wholeSplitStream(std::shared_ptr<const DataSplits> data, int64_t epochs, uint64_t seed);

}  // namespace comet
