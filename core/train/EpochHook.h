// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/data/Dataset.h"
#include "core/model/Network.h"
#include "core/train/EpochMetrics.h"
#include "core/train/StatefulPart.h"
#include "core/train/TrainObserver.h"

namespace comet {

// What a hook may use: the network, the observers to report to, the run's description,
// and the trainer's evaluation of a split (in evaluation mode, without gradient, the
// network put back into training mode after).
struct HookContext {
  NetworkImpl& net;
  const RunInfo& info;
  const std::vector<TrainObserver*>& observers;
  std::function<Evaluation(const Dataset&)> evaluate;
};

// Work the trainer does after an epoch and at the end of a run: the probes, the text
// sampler, and (continual learning) the evaluation of every task. The trainer calls the
// hooks in order, after the epoch's record went to the observers, and does not know what
// they do. A hook with state of its own (StatefulPart) has it kept in the checkpoint.
class EpochHook : public StatefulPart {
 public:
  // Before the first step of a session (a fresh run, or a resumed one after its
  // state was loaded), after the observers heard runStarted.
  virtual void runStarting(HookContext& ctx) {}
  // After epoch `epoch` trained and was validated, before its record goes to the
  // observers: metrics to add to the record (EpochRecord::extra), the same names
  // after every epoch.
  virtual NamedValues epochMetrics(int64_t epoch, HookContext& ctx) { return {}; }
  // After epoch `epoch` (1-based) finished and was reported.
  virtual void epochFinished(int64_t epoch, HookContext& ctx) {}
  // At the end of a run that did not diverge, after the test evaluation was reported in
  // the summary; `epochsDone` epochs were trained.
  virtual void runFinished(int64_t epochsDone, HookContext& ctx) {}
};

// The hooks a run's config asks for, in the order the trainer calls them: the text
// sampler (a language model with sample.enabled), then the probe (probe.*: COMET's masks,
// a mixture's gates) on the validation split, or the test split when the validation split
// has fewer than two examples.
std::vector<std::unique_ptr<EpochHook>> makeEpochHooks(const ExperimentConfig& config, const DataSplits& data,
                                                       const NetworkImpl& net, const std::vector<TaskSpec>& tasks);

}  // namespace comet
