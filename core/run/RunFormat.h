// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>

#include "core/util/DirectoryLock.h"
#include "core/util/MetricNames.h"

// The run directory's format (docs/run-directory.md) in one place: its file names,
// the fixed columns of metrics.csv and steps.csv in order, and summary.json's keys.
// The writers (RunWriter, writeCellMarker, ExperimentRun) and the one reader
// (RunDirectory) both use it, so the two cannot drift apart. The metric names
// themselves are core/util/MetricNames.h's. Torch-free.
namespace comet::runformat {

// The files and folders of a run directory.
inline constexpr const char* kConfigFile = "config.yaml";
inline constexpr const char* kMetricsFile = "metrics.csv";
inline constexpr const char* kStepsFile = "steps.csv";
inline constexpr const char* kSummaryFile = "summary.json";
inline constexpr const char* kModelFile = "model.pt";
// The Trainer's (core/train/Checkpoint.h, Checkpoint::kFileName; ExperimentRun.cpp
// checks at compile time that the two agree, since train cannot include run).
inline constexpr const char* kCheckpointFile = "checkpoint.pt";
inline constexpr const char* kLockFile = DirectoryLock::kFileName;
inline constexpr const char* kProbeFolder = "probe";
inline constexpr const char* kSamplesFolder = "samples";
inline constexpr const char* kCellMarkerFile = "sweep_cell.json";  // a sweep's cell (writeCellMarker)
// A sweep folder's files beside its cells' run directories.
inline constexpr const char* kSweepTableFile = "sweep.csv";
inline constexpr const char* kSweepRecordFile = "sweep.json";

// metrics.csv's fixed columns, in order; named metrics (metric::task, gate, ...)
// follow them, the same in every row.
inline constexpr const char* kMetricsColumns[] = {metric::kEpoch,   metric::kStep,   metric::kTrainLoss,
                                                  metric::kTrainAcc, metric::kValLoss, metric::kValAcc,
                                                  metric::kSeconds};
inline constexpr size_t kMetricsFixedColumns = sizeof(kMetricsColumns) / sizeof(kMetricsColumns[0]);
// steps.csv's columns, in order.
inline constexpr const char* kStepsColumns[] = {metric::kStep, metric::kEpoch, metric::kLoss};
inline constexpr size_t kStepsFixedColumns = sizeof(kStepsColumns) / sizeof(kStepsColumns[0]);

// "epoch,step,train_loss,train_acc,val_loss,val_acc,seconds" and "step,epoch,loss":
// the headers' fixed part, without a line end.
template <size_t N>
std::string csvHeader(const char* const (&columns)[N]) {
  std::string out;
  for (size_t i = 0; i < N; ++i) {
    if (i) out += ',';
    out += columns[i];
  }
  return out;
}
inline std::string metricsHeader() { return csvHeader(kMetricsColumns); }
inline std::string stepsHeader() { return csvHeader(kStepsColumns); }

// summary.json's keys, in the order RunWriter writes them. The test and best
// metrics are metric::kTestLoss, kTestAcc, kBestValAcc, kBestValLoss and kSeconds.
inline constexpr const char* kName = "name";
inline constexpr const char* kMethod = "method";
inline constexpr const char* kBackbone = "backbone";
inline constexpr const char* kDataset = "dataset";
inline constexpr const char* kWidth = "width";
inline constexpr const char* kWidths = "widths";
inline constexpr const char* kPk = "pk";
inline constexpr const char* kK = "k";
inline constexpr const char* kSeed = "seed";
inline constexpr const char* kParamsTrainable = "params_trainable";
inline constexpr const char* kEpochs = "epochs";
inline constexpr const char* kEpochsDone = "epochs_done";
inline constexpr const char* kStepsDone = "steps_done";
inline constexpr const char* kThreads = "threads";
inline constexpr const char* kExecution = "execution";
inline constexpr const char* kStatus = "status";
inline constexpr const char* kMessage = "message";
inline constexpr const char* kDivergedAtStep = "diverged_at_step";  // a diverged run only
inline constexpr const char* kGate = "gate";                       // backbone moe: these three
inline constexpr const char* kExperts = "experts";
inline constexpr const char* kGateK = "gate_k";
inline constexpr const char* kTasks = "tasks";                      // multi-task data: the task names
inline constexpr const char* kSparseProducts = "sparse_products";  // a sparse run: each hidden layer's product
// A task sequence (docs/continual.md): its set-up, the figures of the accuracy matrix
// R, each row of R as a flat array ("continual/R/task2": accuracy on every task after
// training task2), b (each task's accuracy before training) and the forgetting per task.
inline constexpr const char* kContinualSequence = "continual/sequence";
inline constexpr const char* kContinualScenario = "continual/scenario";
inline constexpr const char* kContinualStrategy = "continual/strategy";
inline constexpr const char* kContinualTaskNames = "continual/tasks";
inline constexpr const char* kContinualTaskLabels = "continual/task_labels";
inline constexpr const char* kContinualTasksDone = "continual/tasks_done";
inline constexpr const char* kContinualAcc = "continual/acc";
inline constexpr const char* kContinualBwt = "continual/bwt";
inline constexpr const char* kContinualFwt = "continual/fwt";
inline constexpr const char* kContinualForgetting = "continual/forgetting";
inline constexpr const char* kContinualForgettingPerTask = "continual/forgetting_per_task";
inline constexpr const char* kContinualRandomInit = "continual/random_init";
inline std::string continualRow(const std::string& task) { return "continual/R/" + task; }

// Whether a summary.json key is one of the named metrics that follow the fixed
// keys: every name metric::task, metric::gate, metric::languageModel and
// metric::kLearningRate build is a TensorBoard-style tag with a '/'
// ("top_left/test_acc", "gate/top_left/nonzeros_mean", "lm/test_bpc"), and no
// fixed key has one.
inline bool isNamedMetric(const std::string& key) { return key.find('/') != std::string::npos; }
// A task sequence's summary entry (kContinual...: names, lists and figures); its
// figures (ACC, BWT, FWT, forgetting, tasks done) are numbers, the rest text or lists.
inline bool isContinualEntry(const std::string& key) { return key.rfind("continual/", 0) == 0; }
inline bool isContinualFigure(const std::string& key) {
  return key == kContinualAcc || key == kContinualBwt || key == kContinualFwt || key == kContinualForgetting ||
         key == kContinualTasksDone;
}

}  // namespace comet::runformat
