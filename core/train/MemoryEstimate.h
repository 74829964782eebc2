// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>

#include "core/config/ExperimentConfig.h"

namespace comet {

// What a run will hold in memory at its peak, estimated from the config and the
// data files' headers before anything large is allocated. Bytes. No torch here.
struct MemoryEstimate {
  int64_t examples = 0;     // training-set examples in the files (before the split)
  int64_t features = 0;     // inputs per example
  int64_t parameters = 0;   // weights and biases (+ COMET's routing projections)
  int64_t optimizer = 0;    // optimizer state (Adam: 2 per parameter)
  int64_t gradients = 0;
  int64_t activations = 0;  // forward + backward of one training or evaluation batch
  int64_t dataset = 0;      // raw bytes, float32 features and their split copies
  int64_t maskCache = 0;    // COMET's per-example bit masks
  int64_t total() const { return parameters + optimizer + gradients + activations + dataset + maskCache; }
  std::string describe() const;  // "2.1 GiB (parameters 12 MiB, optimizer ...)"
};

// Peeks at data.root (IDX / CIFAR headers, the CSV header and size) to size the
// data; throws DataError for files that are missing or unreadable.
MemoryEstimate estimateMemory(const ExperimentConfig& config);

// MemAvailable from /proc/meminfo in bytes, or -1 when it cannot be read.
int64_t availableMemoryBytes();

// Throws ConfigError with the estimate when it exceeds `available` bytes
// (default: availableMemoryBytes(); no check when that is unknown). The
// COMET_MEMORY_LIMIT environment variable (bytes) overrides it, for tests.
void checkMemory(const ExperimentConfig& config, int64_t available = -2);

}  // namespace comet
