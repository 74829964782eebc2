// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/data/Dataset.h"
#include "core/model/Network.h"
#include "core/train/EpochHook.h"
#include "core/train/EpochMetrics.h"
#include "core/train/Evaluator.h"
#include "core/train/Metrics.h"
#include "core/train/TaskLoss.h"
#include "core/train/TrainObserver.h"
#include "core/train/TrainProgress.h"
#include "core/train/TrainStep.h"
#include "core/train/TrainStream.h"

namespace comet {

// Trains one network of one method on one dataset, in plain C++ on the calling thread.
// What each epoch trains on comes from a TrainStream (the whole training split, or a
// continual sequence's tasks). Each step is a TrainStep (dense or COMET's sparse step, makeTrainStep chooses); after
// each epoch the EpochHooks run (probes, text samples). Reports through TrainObservers,
// checks the stop flag before every batch, and ends every run with a status: completed,
// stopped (flag), diverged (a loss that is NaN or infinite) or failed (an exception,
// reported as the message). With a checkpoint path set, it writes checkpoint.pt
// (Checkpoint) every train.checkpoint_every_epochs epochs / train.checkpoint_every_steps
// steps, at the end, and when stopped; never after a diverged step, so the last good one
// is kept. resume() continues from such a checkpoint exactly where it was written.
class Trainer {
 public:
  // `stream`: what to train on (null: the whole training split for train.epochs).
  Trainer(ExperimentConfig config, std::shared_ptr<const DataSplits> data,
          std::shared_ptr<TrainStream> stream = nullptr);
  ~Trainer();

  void addObserver(TrainObserver* observer) { m_observers.push_back(observer); }
  // A hook called after the config's own (makeEpochHooks), in the order added.
  void addHook(std::unique_ptr<EpochHook> hook) { m_hooks.push_back(std::move(hook)); }
  RunSummary run(const std::atomic<bool>& stop);

  // Where checkpoints go (empty: none are written).
  void setCheckpointPath(std::string path) { m_checkpointPath = std::move(path); }
  // Restores model, optimizer, generator, progress and the state of the stream and the
  // hooks (add hooks before) from a checkpoint written for the same config; run() then
  // continues from there. Throws RunError.
  void resume(const std::string& checkpointPath);
  const TrainProgress& progress() const { return m_progress; }

  // One optimisation step on the training examples `indices`; returns the loss.
  double trainStep(const torch::Tensor& indices);
  Evaluation evaluate(const Dataset& split);

  Network network() const { return m_net; }
  const TaskLoss& loss() const { return m_loss; }
  const RunInfo& info() const { return m_info; }
  const ExperimentConfig& config() const { return m_config; }

 private:
  void runEpochs(const std::atomic<bool>& stop, RunSummary& summary);
  StepResult step(const Batch& batch);
  std::vector<StatefulPart*> stateParts() const;
  void countStep(const StepResult& r, int64_t examples);
  double epochPosition() const;
  void finishEpoch(RunSummary& summary);
  void finishRun(RunSummary& summary);
  HookContext hookContext();
  void saveCheckpoint();
  bool checkpointDue() const;
  int64_t stepsIn(int64_t epoch) const;

  ExperimentConfig m_config;
  std::shared_ptr<const DataSplits> m_data;
  TaskLoss m_loss;
  std::shared_ptr<TrainStream> m_stream;
  Network m_net;
  std::unique_ptr<TrainStep> m_step;
  std::unique_ptr<Evaluator> m_evaluator;
  std::vector<std::unique_ptr<EpochHook>> m_hooks;
  std::unique_ptr<EpochMetrics> m_metrics;
  std::vector<TrainObserver*> m_observers;
  RunInfo m_info;
  TrainProgress m_progress;
  bool m_resumed = false;
  std::string m_checkpointPath;
  // Wall-clock bookkeeping of this session (progress holds earlier sessions).
  double m_sessionStartSeconds = 0;  // m_progress.seconds when this session began
  double m_epochStartSeconds = 0;    // m_progress.epochSeconds when this epoch (re)started
  std::chrono::steady_clock::time_point m_sessionStart;
  std::chrono::steady_clock::time_point m_epochStart;
};

}  // namespace comet
