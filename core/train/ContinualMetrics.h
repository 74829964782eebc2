// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace comet {

// The accuracy matrix of a task sequence: R(i, j) is the test accuracy on task j
// after training tasks 0..i (rows: after each task; columns: tested on each task),
// NaN where a cell was not (yet) evaluated. Torch-free.
class AccuracyMatrix {
 public:
  explicit AccuracyMatrix(int64_t tasks = 0);
  int64_t tasks() const { return m_tasks; }
  double at(int64_t afterTask, int64_t testedOn) const;
  void set(int64_t afterTask, int64_t testedOn, double accuracy);
  // Rows in order, each a vector of `tasks` values (summary.json, the heatmap).
  std::vector<std::vector<double>> rows() const;

 private:
  size_t index(int64_t i, int64_t j) const;

  int64_t m_tasks = 0;
  std::vector<double> m_r;
};

// What the continual-learning literature reports from R, for T tasks:
//   ACC = 1/T sum_j R(T-1, j)                                    average accuracy at the end
//   BWT = 1/(T-1) sum_{j < T-1} R(T-1, j) - R(j, j)              backward transfer (Lopez-Paz and
//                                                                Ranzato 2017; negative: forgetting)
//   FWT = 1/(T-1) sum_{j > 0} R(j-1, j) - b_j                    forward transfer, b_j the accuracy
//                                                                of a randomly initialised model on task j
//   forgetting f_j = max_{l < T-1} R(l, j) - R(T-1, j) for j < T-1, and its mean
//                                                                (Chaudhry et al. 2018)
// over the rows evaluated so far (a sequence stopped after task k reports the
// figures of its first k+1 tasks). NaN where a figure needs what is not there:
// BWT, FWT and forgetting with one task, FWT without b.
struct ContinualFigures {
  int64_t tasksDone = 0;  // rows of R evaluated
  double acc = 0;
  double bwt = 0;
  double fwt = 0;
  std::vector<double> forgetting;  // per task j < tasksDone - 1
  double meanForgetting = 0;
};
ContinualFigures continualFigures(const AccuracyMatrix& r, const std::vector<double>& randomInitAccuracy = {});

// How a sequence's tasks use one hidden layer's neurons (methods with masks), on the
// first test examples of every task.
struct TaskMaskLayer {
  int64_t layer = 0;                         // 1-based
  std::vector<std::vector<double>> usage;    // [task][neuron]: share of the task's masks holding the neuron
  std::vector<std::vector<double>> overlap;  // [task][task]: mean Jaccard index between masks of examples
                                             // of the two tasks (same task: distinct examples)
};

// A task sequence's evaluation after an epoch (TrainObserver::continualEvaluated):
// every task's test accuracy now, and the accuracy matrix and its figures so far.
struct ContinualReport {
  int64_t epoch = 0;                   // 1-based, over the whole sequence
  int64_t task = 0;                    // the task being trained (0-based)
  bool taskEnd = false;                // the epoch was the task's last: `accuracy` is row `task` of R
  std::vector<std::string> taskNames;  // "task1", ...
  std::vector<std::string> taskLabels; // what each task is: "classes 3, 7" or "permutation 2"
  std::vector<double> accuracy;        // per task, now
  std::vector<std::vector<double>> matrix;  // R so far (NaN where not yet evaluated)
  std::vector<double> randomInit;      // b: each task's accuracy before any training
  ContinualFigures figures;
  // At a task's end, for methods with masks: each layer's use by every task, and the
  // tasks' input similarity (mean cosine similarity between examples of the two tasks,
  // same task: distinct examples) to set the overlap beside. Empty otherwise.
  std::vector<TaskMaskLayer> masks;
  std::vector<std::vector<double>> inputSimilarity;
  int64_t maskExamples = 0;  // test examples per task the masks were recorded on
};

}  // namespace comet
