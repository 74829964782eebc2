// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/serialize/archive.h>

#include <string>

namespace comet {

// A part of training with state of its own beyond the model, the optimizer and the
// progress (continual learning's replay buffer, EWC's Fisher and anchor, the accuracy
// matrix): the checkpoint keeps it under stateName(), and resume() puts it back. A
// part with an empty name has no state.
class StatefulPart {
 public:
  virtual ~StatefulPart() = default;
  virtual std::string stateName() const { return {}; }
  virtual void saveState(torch::serialize::OutputArchive& archive) const {}
  // Throws RunError when the archive does not hold what saveState wrote.
  virtual void loadState(torch::serialize::InputArchive& archive) {}
};

}  // namespace comet
