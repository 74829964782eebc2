// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/train/TrainObserver.h"

namespace comet {

// Writes a run directory as the run goes (docs/run-directory.md):
//   config.yaml   the resolved config
//   metrics.csv   epoch,step,train_loss,train_acc,val_loss,val_acc,seconds
//   steps.csv     step,epoch,loss
//   summary.json  method, widths, pk, seed, params_trainable, test_loss, test_acc,
//                 best_val_acc, seconds, status, ... (status "running" until the end)
//   probe/        neuron usage and mask overlap CSVs (methods with masks)
//   summary.json  task sequences also: continual/acc, continual/bwt, continual/fwt,
//                 continual/forgetting, one row of the accuracy matrix per task
//                 (continual/R/task1, ...), continual/random_init (docs/continual.md)
//   probe/continual_*.csv  task sequences with masks: per task (ContinualCsv.h)
//   samples/      language models: epoch_0001.txt, ... the prompt and the text
//                 generated after that epoch
// (checkpoint.pt is the Trainer's; when one is written, metrics.csv, steps.csv and
// summary.json are brought up to the same step.)
// Every file is replaced atomically, so a kill leaves a consistent directory.
class RunWriter : public TrainObserver {
 public:
  explicit RunWriter(std::string directory);

  void runStarted(const RunInfo& info) override;
  void runResumed(const std::vector<EpochRecord>& epochs, const std::vector<StepRecord>& steps) override;
  void checkpointSaved(int64_t step) override;
  void stepFinished(const StepRecord& step) override;
  void epochFinished(const EpochRecord& epoch) override;
  void probeFinished(const ProbeReport& report) override;
  void textSampled(const TextSample& sample) override;
  void continualEvaluated(const ContinualReport& report) override;
  void runFinished(const RunSummary& summary) override;

  const std::string& directory() const { return m_dir; }

 private:
  void writeSummary(const RunSummary& summary) const;
  void writeMetrics();
  void writeSteps();

  std::string m_dir;
  RunInfo m_info;
  std::vector<EpochRecord> m_epochs;
  std::vector<StepRecord> m_steps;
  size_t m_stepsWritten = 0;
  size_t m_epochsWritten = 0;
  std::optional<ContinualReport> m_continual;  // the last evaluation of a task sequence
};

}  // namespace comet
