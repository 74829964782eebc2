// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace comet {

// What the mask probes found, as plain values (row-major matrices in vectors).

// Neuron usage of one hidden layer: how often each neuron is in the mask.
struct NeuronUsage {
  int64_t width = 0;
  int64_t k = 0;
  std::vector<float> frequency;       // [width], fraction of probed examples using the neuron
  std::vector<float> classFrequency;  // [classes x width], per class (empty for regression)
  int64_t dead = 0;                   // neurons never used
  int64_t alwaysOn = 0;               // neurons used by every probed example
};

struct SimilarityBin {
  double low = 0;
  double high = 0;
  int64_t pairs = 0;
  double meanJaccard = 0;
};

// Mask overlap of one hidden layer.
struct OverlapMatrix {
  std::vector<float> classMean;      // [classes x classes] mean Jaccard between examples (i != j)
  std::vector<int64_t> pairLabels;   // labels of the examples of `examples`, sorted by class
  std::vector<float> examples;       // [n x n] Jaccard between examples sorted by class
  double similarityCorrelation = 0;  // Pearson r between input cosine and mask Jaccard over pairs
  std::vector<SimilarityBin> bins;   // mean Jaccard per input-cosine bin
  std::vector<float> sampleCosine;   // a deterministic sample of pairs for scatter plots
  std::vector<float> sampleJaccard;
  double meanJaccard = 0;            // over all probed pairs
};

struct LayerProbe {
  int64_t layer = 0;      // 1-based hidden layer (a transformer: masked block MLP, in block order)
  int64_t positions = 1;  // masks per example: 1 for an MLP, tokens (or a Mixer's channels) for a block MLP
  NeuronUsage usage;
  OverlapMatrix overlap;
};

// One task's gate in a mixture of experts (backbone moe) over the probed examples.
struct TaskGates {
  int64_t task = 0;                     // 1-based, as in the file names
  std::string name;                     // "top_left" (summary.json's tasks); "task1" when unknown
  int64_t experts = 0;
  std::vector<std::string> classNames;  // the task's classes; empty for a regression task
  std::vector<int64_t> labels;          // [examples] class ids in probe order; -1 for regression
  std::vector<float> weights;           // [examples x experts] gate weights in probe order
  std::vector<int64_t> routed;          // per expert: examples with a non-zero weight on it
  std::vector<int64_t> top;             // per expert: examples whose largest weight it is
  std::vector<float> meanWeight;        // per expert: mean weight over the examples
  std::vector<float> classMeanWeight;   // [classes x experts] mean weight per class (empty for regression)
  double meanNonZeros = 0;              // non-zero weights per example
  int64_t maxNonZeros = 0;
};

struct ProbeReport {
  int64_t epoch = 0;     // epoch after which the probe ran
  int64_t examples = 0;  // probed examples; -1: not recorded (a run directory older than the count)
  int64_t numClasses = 0;
  std::vector<std::string> classNames;
  std::vector<LayerProbe> layers;  // empty for methods without masks
  std::vector<TaskGates> gates;    // one per task; empty for networks without gates
};

}  // namespace comet
