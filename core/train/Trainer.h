// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/data/Dataset.h"
#include "core/model/Network.h"
#include "core/probe/MaskProbe.h"
#include "core/train/Metrics.h"
#include "core/train/TrainObserver.h"

namespace torch::optim {
class Optimizer;
}

namespace comet {

struct Evaluation {
  double loss = kNaN;
  double accuracy = kNaN;  // NaN for regression
};

// Trains one network of one method on one dataset, in plain C++ on the calling
// thread. Reports through TrainObservers, checks the stop flag before every batch,
// and ends every run with a status: completed, stopped (flag), diverged (a loss
// that is NaN or infinite) or failed (an exception, reported as the message).
class Trainer {
 public:
  Trainer(ExperimentConfig config, std::shared_ptr<const DataSplits> data);
  ~Trainer();

  void addObserver(TrainObserver* observer) { m_observers.push_back(observer); }
  RunSummary run(const std::atomic<bool>& stop);

  // One optimisation step on the training examples `indices`; returns the loss.
  double trainStep(const torch::Tensor& indices);
  Evaluation evaluate(const Dataset& split);

  Network network() const { return m_net; }
  const RunInfo& info() const { return m_info; }
  const ExperimentConfig& config() const { return m_config; }

 private:
  void runEpochs(const std::atomic<bool>& stop, RunSummary& summary);
  torch::Tensor loss(const torch::Tensor& output, const torch::Tensor& target) const;
  void clipGradients();
  void probe(int64_t epoch);

  ExperimentConfig m_config;
  std::shared_ptr<const DataSplits> m_data;
  Network m_net;
  std::unique_ptr<torch::optim::Optimizer> m_optimizer;
  std::unique_ptr<MaskProbe> m_probe;
  std::vector<TrainObserver*> m_observers;
  RunInfo m_info;
  // Per-step accumulation for the epoch's training metrics.
  double m_lastBatchCorrect = 0;
};

}  // namespace comet
