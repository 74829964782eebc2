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
#include "core/probe/GateProbe.h"
#include "core/probe/MaskProbe.h"
#include "core/train/Metrics.h"
#include "core/train/SparseStep.h"
#include "core/train/TaskLoss.h"
#include "core/train/TextSampler.h"
#include "core/train/TrainObserver.h"
#include "core/train/TrainProgress.h"

namespace torch::optim {
class Optimizer;
}

namespace comet {

struct Evaluation {
  double loss = kNaN;
  double accuracy = kNaN;  // NaN for regression; multi-task: the mean over classification tasks
  std::vector<double> taskLoss;      // per task
  std::vector<double> taskAccuracy;  // per task (NaN for regression tasks)
  NamedValues statistics;            // the network's evaluation statistics (gates)
};

// Trains one network of one method on one dataset, in plain C++ on the calling
// thread. Reports through TrainObservers, checks the stop flag before every batch,
// and ends every run with a status: completed, stopped (flag), diverged (a loss
// that is NaN or infinite) or failed (an exception, reported as the message).
// With a checkpoint path set, it writes checkpoint.pt (Checkpoint) every
// train.checkpoint_every_epochs epochs / train.checkpoint_every_steps steps, at the
// end, and when stopped; never after a diverged step, so the last good one is kept.
// resume() continues from such a checkpoint exactly where it was written.
class Trainer {
 public:
  Trainer(ExperimentConfig config, std::shared_ptr<const DataSplits> data);
  ~Trainer();

  void addObserver(TrainObserver* observer) { m_observers.push_back(observer); }
  RunSummary run(const std::atomic<bool>& stop);

  // Where checkpoints go (empty: none are written).
  void setCheckpointPath(std::string path) { m_checkpointPath = std::move(path); }
  // Restores model, optimizer, generator and progress from a checkpoint written
  // for the same config; run() then continues from there. Throws RunError.
  void resume(const std::string& checkpointPath);
  const TrainProgress& progress() const { return m_progress; }

  // One optimisation step on the training examples `indices`; returns the loss.
  double trainStep(const torch::Tensor& indices);
  Evaluation evaluate(const Dataset& split);

  Network network() const { return m_net; }
  const RunInfo& info() const { return m_info; }
  const ExperimentConfig& config() const { return m_config; }

 private:
  void runEpochs(const std::atomic<bool>& stop, RunSummary& summary);
  // The metrics of a multi-task run beyond the fixed ones, prefixed by `split`.
  void addTaskMetrics(NamedValues& out, const std::string& split, const std::vector<double>& loss,
                      const std::vector<double>& accuracy) const;
  double epochPosition() const;
  void clipGradients();
  void applyLrSchedule();   // each optimizer group's rate for the coming step
  void releaseGradients();
  void restoreUnreachedGradients();
  void probe(int64_t epoch);
  void finishEpoch(RunSummary& summary);
  void sampleText(int64_t epoch);
  void saveCheckpoint();
  bool checkpointDue() const;

  ExperimentConfig m_config;
  std::shared_ptr<const DataSplits> m_data;
  TaskLoss m_loss;
  Network m_net;
  std::unique_ptr<torch::optim::Optimizer> m_optimizer;
  std::vector<double> m_baseLr;  // each optimizer group's own train.lr / model.gate_lr
  std::vector<char> m_hadGradient;  // per optimized parameter, before releaseGradients
  std::unique_ptr<MaskProbe> m_probe;
  std::unique_ptr<GateProbe> m_gateProbe;  // a mixture of experts' gates
  std::unique_ptr<SparseCometStep> m_sparse;  // model.execution resolved to sparse
  std::unique_ptr<TextSampler> m_sampler;     // a language model with sample.enabled
  std::vector<TrainObserver*> m_observers;
  RunInfo m_info;
  // Per-step accumulation for the epoch's training metrics.
  double m_lastBatchCorrect = 0;
  std::vector<double> m_lastTaskLoss;
  std::vector<double> m_lastTaskCorrect;
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
