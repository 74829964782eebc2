// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/ExperimentConfig.h"
#include "core/data/Dataset.h"

namespace comet {

// Loads `data.dataset` from `data.root` behind one interface:
//   fashion_mnist, mnist, idx: a folder with train-images-idx3-ubyte,
//     train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte
//     (each optionally .gz);
//   multi_fashion_mnist: the same four IDX files, each split's images overlaid in
//     pairs on 36x36 canvases, two classification tasks (MultiFashion.h);
//   cifar10: a folder with data_batch_1..5.bin and test_batch.bin;
//   cifar100: a folder with train.bin and test.bin;
//   csv: the path of a CSV table (regression; the test split is a seeded
//     `data.test_fraction` of its rows); with data.csv_targets, one task per
//     target column (MultiTaskCsv.h);
//   text: a text file or a folder of them, windows of `contextLength` characters
//     for a language model (TextCorpus.h; model.context_length).
// Pixels are scaled to [0, 1] and normalised per channel with data.mean/data.std;
// CSV features are standardised with the training split's statistics. The train /
// validation split is a seeded permutation of the training set.
DataSplits loadData(const DataConfig& config, uint64_t seed, int64_t contextLength = 128);

// A seeded permutation of 0..n-1 (std::mt19937_64), the same on every platform.
std::vector<int64_t> seededPermutation(int64_t n, uint64_t seed);

}  // namespace comet
