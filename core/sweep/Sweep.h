// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/config/ExperimentConfig.h"

namespace comet {

// One run of a sweep: the values it assigns to the swept keys, and the resulting
// experiment. Cells are numbered from 0 in a fixed order (grid cells in the order
// the keys and values are written, random samples in draw order, seeds innermost),
// so that `comet sweep --cell I` means the same run on every machine.
struct SweepCell {
  int64_t index = 0;
  std::string name;  // directory name: "0007_method=comet_width=100_pk=0.1_seed=0"
  std::vector<std::pair<std::string, std::string>> assignments;  // (dotted key, value as YAML text)
  ExperimentConfig config;
};

struct Sweep {
  std::string name;
  std::string file;
  std::vector<std::string> sweptKeys;  // in column order; "seed" last
  std::vector<SweepCell> cells;
};

// Reads a sweep file (docs/sweeps.md):
//   name: fig4
//   experiment: quickstart.yaml     # path relative to this file, and/or
//   config: {train: {epochs: 5}}    # experiment keys set inline
//   grid:                           # every combination
//     model.width: [100, 500]
//     model.method: [standard, comet]
//   random:                         # and/or N random samples (hyperopt-style search)
//     samples: 20
//     seed: 0
//     keys:
//       train.lr: {log_uniform: [1.0e-4, 1.0e-2]}
//       model.pk: {uniform: [0.1, 0.9]}
//       train.batch_size: {int_uniform: [16, 128]}
//       model.activation: {choice: [relu, softplus]}
//   seeds: 3                        # or a list: [0, 1, 2]
// Every cell's experiment is validated up front: an error names the sweep file,
// the line and column of the offending value, and the key.
Sweep loadSweep(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace comet
