// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <vector>

#include "core/continual/ContinualStream.h"
#include "core/train/ContinualMetrics.h"
#include "core/train/EpochHook.h"

namespace comet {

// The evaluation of a task sequence (docs/continual.md): before training, every task's
// test accuracy of the randomly initialised model (b, for FWT); after every epoch, every
// task's test accuracy, as the metrics "continual/<task>/test_acc" of the epoch's record
// (metrics.csv) and as a ContinualReport to the observers; at a task's last epoch, that
// evaluation is the task's row of the accuracy matrix R, and the masks of every task's
// first test examples are recorded (methods with masks: recordTaskMasks). Its state (R and b) is kept in
// the checkpoint, so a resumed sequence ends with the same matrix.
class ContinualEvaluation : public EpochHook {
 public:
  // Test examples per task whose masks are recorded at each task's end (recordTaskMasks).
  static constexpr int64_t kMaskExamplesPerTask = 200;

  explicit ContinualEvaluation(std::shared_ptr<const ContinualStream> stream);

  void runStarting(HookContext& ctx) override;
  NamedValues epochMetrics(int64_t epoch, HookContext& ctx) override;
  void epochFinished(int64_t epoch, HookContext& ctx) override;

  std::string stateName() const override { return "continual_evaluation"; }
  void saveState(torch::serialize::OutputArchive& archive) const override;
  void loadState(torch::serialize::InputArchive& archive) override;

  const AccuracyMatrix& matrix() const { return m_matrix; }
  const std::vector<double>& randomInit() const { return m_randomInit; }
  // The figures of R so far; a joint run (one row, after every task) reports its ACC only.
  ContinualFigures figures() const;

 private:
  std::vector<double> evaluateTasks(HookContext& ctx) const;

  std::shared_ptr<const ContinualStream> m_stream;
  AccuracyMatrix m_matrix;
  std::vector<double> m_randomInit;
  std::vector<double> m_last;  // the last epoch's evaluation
};

}  // namespace comet
