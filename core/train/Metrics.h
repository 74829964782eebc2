// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/util/NamedValues.h"

namespace comet {

// Value types that leave the training core: plain numbers and vectors, never
// tensors, so that the GUI and the CLI can hold and copy them freely.

enum class RunStatus { Running, Completed, Stopped, Diverged, Failed };
std::string toString(RunStatus status);
RunStatus runStatusFromString(const std::string& text);

struct RunInfo {
  ExperimentConfig config;
  std::string dataDescription;
  int64_t trainExamples = 0;
  int64_t valExamples = 0;
  int64_t testExamples = 0;
  int64_t numClasses = 0;            // 0: regression
  std::vector<std::string> classNames;
  std::vector<std::string> tasks;    // multi-task data: the task names; empty otherwise
  std::vector<int64_t> widths;       // hidden layers
  std::vector<int64_t> ks;           // k per hidden layer (max(1, floor(pk N)))
  int64_t paramsTrainable = 0;
  int64_t epochs = 0;                // epochs of the run (a task sequence: over every task)
  int64_t stepsPerEpoch = 0;         // steps of the first epoch (of a task sequence: its first task's)
  int64_t totalSteps = 0;
  int threads = 1;
  std::string execution = "dense";  // model.execution as run: dense or sparse
  std::vector<std::string> sparseProducts;  // sparse: each hidden layer's product for a full batch
  int64_t resumedAtStep = -1;        // >= 0: continued from a checkpoint after this many steps
};

struct StepRecord {
  int64_t step = 0;   // 1-based, counted over the whole run
  int64_t epoch = 0;  // 1-based
  double loss = kNaN;
  double elapsedSeconds = 0;
};

struct EpochRecord {
  int64_t epoch = 0;  // 1-based
  int64_t step = 0;   // steps done at the end of this epoch
  double trainLoss = kNaN;
  double trainAcc = kNaN;  // NaN for regression
  double valLoss = kNaN;
  double valAcc = kNaN;
  double seconds = 0;      // wall time of this epoch (training and validation)
  NamedValues extra;       // per-task and gate metrics (multi-task runs, mixtures of experts)
};

// A language model's text sample after an epoch (sample.*): the prompt and the
// characters generated after it.
struct TextSample {
  int64_t epoch = 0;  // 1-based
  std::string prompt;
  std::string text;
};

struct RunSummary {
  RunStatus status = RunStatus::Running;
  std::string message;
  int64_t epochsDone = 0;
  int64_t stepsDone = 0;
  int64_t divergedAtStep = 0;  // 0 when the run did not diverge
  double testLoss = kNaN;
  double testAcc = kNaN;
  double bestValAcc = kNaN;
  double bestValLoss = kNaN;
  double seconds = 0;
  NamedValues extra;  // per-task test metrics ("top_left/test_acc") and final gate statistics
};

}  // namespace comet
