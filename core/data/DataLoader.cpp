// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/DataLoader.h"

#include <torch/torch.h>

#include <filesystem>
#include <random>

#include "core/data/CifarReader.h"
#include "core/data/CsvReader.h"
#include "core/data/IdxReader.h"
#include "core/data/MultiFashion.h"
#include "core/data/MultiTaskCsv.h"
#include "core/data/Splits.h"
#include "core/data/TextCorpus.h"
#include "core/util/Error.h"

namespace comet {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string> kCifar10Classes = {"airplane", "automobile", "bird", "cat", "deer",
                                                  "dog", "frog", "horse", "ship", "truck"};

std::string findFile(const fs::path& root, const std::string& name) {
  for (const auto& candidate : {root / name, root / (name + ".gz")})
    if (fs::exists(candidate)) return candidate.string();
  throw DataError(root.string() + ": missing '" + name + "' (or '" + name + ".gz') in data.root");
}

fs::path requireFolder(const std::string& root, const std::string& what) {
  if (!fs::exists(root)) throw DataError(root + ": data.root does not exist (expected a folder with " + what + ")");
  if (!fs::is_directory(root)) throw DataError(root + ": data.root is not a folder (expected a folder with " + what + ")");
  return fs::path(root);
}

DataSplits splitImages(torch::Tensor trainImages, torch::Tensor trainLabels, torch::Tensor testImages,
                       torch::Tensor testLabels, const DataConfig& c, uint64_t seed) {
  DataSplits s;
  s.inputShape = {trainImages.size(1), trainImages.size(2), trainImages.size(3)};
  // Rows are chosen on the raw pixels and only the chosen ones are scaled: a
  // 6,000-image subset no longer converts all 60,000 images to floats.
  const Dataset raw{trainImages, trainLabels};
  auto perm = seededPermutation(raw.size(), seed);
  if (c.trainSubset > 0 && c.trainSubset < raw.size()) perm.resize(static_cast<size_t>(c.trainSubset));
  const auto nVal = static_cast<size_t>(static_cast<double>(perm.size()) * c.valFraction);
  const auto scaled = [&](Dataset d) {
    d.x = normaliseImages(d.x, c);
    return d;
  };
  s.train = scaled(takeRows(raw, std::vector<int64_t>(perm.begin(), perm.end() - static_cast<long>(nVal))));
  s.val = scaled(takeRows(raw, std::vector<int64_t>(perm.end() - static_cast<long>(nVal), perm.end())));
  s.test = {testImages, testLabels};
  if (c.testSubset > 0 && c.testSubset < s.test.size()) {
    s.test.x = s.test.x.narrow(0, 0, c.testSubset);
    s.test.y = s.test.y.narrow(0, 0, c.testSubset).contiguous();
  }
  s.test = scaled(s.test);
  if (s.train.size() == 0) throw DataError("the training split is empty (check data.train_subset and data.val_fraction)");
  return s;
}

// The four MNIST-layout IDX files of data.root (through the decoded-data cache).
struct IdxSources {
  torch::Tensor trainImages, trainLabels, testImages, testLabels;
};

IdxSources readIdxFolder(const DataConfig& c) {
  const auto root = requireFolder(c.root, "IDX files");
  auto [trX, trY] = readIdxPair(findFile(root, "train-images-idx3-ubyte"), findFile(root, "train-labels-idx1-ubyte"));
  auto [teX, teY] = readIdxPair(findFile(root, "t10k-images-idx3-ubyte"), findFile(root, "t10k-labels-idx1-ubyte"));
  if (trX.size(0) == 0) throw DataError(findFile(root, "train-images-idx3-ubyte") + ": holds no images");
  if (teX.size(0) == 0) throw DataError(findFile(root, "t10k-images-idx3-ubyte") + ": holds no images");
  if (trX.size(1) * trX.size(2) == 0) throw DataError(findFile(root, "train-images-idx3-ubyte") + ": images of 0 pixels");
  if (trX.size(1) != teX.size(1) || trX.size(2) != teX.size(2))
    throw DataError(c.root + ": training and test images differ in size");
  return {trX, trY, teX, teY};
}

DataSplits loadIdx(const DataConfig& c, uint64_t seed) {
  const auto src = readIdxFolder(c);
  auto s = splitImages(src.trainImages.unsqueeze(1), src.trainLabels, src.testImages.unsqueeze(1), src.testLabels, c, seed);
  s.numClasses = std::max(src.trainLabels.max().item<int64_t>(), src.testLabels.max().item<int64_t>()) + 1;
  if (c.dataset == "fashion_mnist") s.classNames = fashionMnistClasses();
  const std::string name = c.dataset == "fashion_mnist" ? "Fashion-MNIST" : c.dataset == "mnist" ? "MNIST" : "IDX";
  s.description = name + " (" + c.root + ")";
  return s;
}

DataSplits loadMultiFashion(const DataConfig& c, uint64_t seed) {
  const auto src = readIdxFolder(c);
  return buildMultiFashion(src.trainImages, src.trainLabels, src.testImages, src.testLabels, c, seed);
}

DataSplits loadCifar(const DataConfig& c, uint64_t seed) {
  const bool ten = c.dataset == "cifar10";
  const auto root = requireFolder(c.root, ten ? "CIFAR-10 .bin batches" : "CIFAR-100 train.bin/test.bin");
  std::vector<std::string> train;
  std::vector<std::string> test;
  if (ten) {
    for (int i = 1; i <= 5; ++i) train.push_back(findFile(root, "data_batch_" + std::to_string(i) + ".bin"));
    test.push_back(findFile(root, "test_batch.bin"));
  } else {
    train.push_back(findFile(root, "train.bin"));
    test.push_back(findFile(root, "test.bin"));
  }
  const auto format = ten ? CifarFormat::cifar10() : CifarFormat::cifar100();
  auto [trX, trY] = readCifar(train, format);
  auto [teX, teY] = readCifar(test, format);
  auto s = splitImages(trX, trY, teX, teY, c, seed);
  s.numClasses = format.numClasses;
  if (ten) s.classNames = kCifar10Classes;
  s.description = std::string(ten ? "CIFAR-10" : "CIFAR-100") + " (" + c.root + ")";
  return s;
}

DataSplits loadCsv(const DataConfig& c, uint64_t seed) {
  if (!c.csvTargets.empty()) return loadMultiTaskCsv(c, seed);
  const CsvDataset t = readCsvDataset(c.root, c.csvTarget);
  const Dataset full{t.features, t.target};
  const RowSplit rows = tableSplit(full.size(), c, seed);
  DataSplits s;
  s.task = Task::Regression;
  s.test = takeRows(full, rows.test);
  s.train = takeRows(full, rows.train);
  s.val = takeRows(full, rows.val);
  if (s.train.size() < 2) throw DataError(c.root + ": too few rows for a training split (" + std::to_string(s.train.size()) + ")");
  standardiseFeatures(s);
  s.inputShape = {s.train.x.size(1)};
  s.description = "CSV table (" + c.root + ", target '" + t.targetName + "')";
  return s;
}

}  // namespace

std::vector<int64_t> seededPermutation(int64_t n, uint64_t seed) {
  std::vector<int64_t> idx(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) idx[static_cast<size_t>(i)] = i;
  std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull + 1);
  for (size_t i = idx.size(); i > 1; --i) {
    const size_t j = static_cast<size_t>(rng() % i);
    std::swap(idx[i - 1], idx[j]);
  }
  return idx;
}

DataSplits loadData(const DataConfig& c, uint64_t seed, int64_t contextLength) {
  if (c.dataset == "text") return buildTextSplits(readTextCorpus(c.root), c, contextLength, seed);
  if (c.dataset == "fashion_mnist" || c.dataset == "mnist" || c.dataset == "idx") return loadIdx(c, seed);
  if (c.dataset == "cifar10" || c.dataset == "cifar100") return loadCifar(c, seed);
  if (c.dataset == "multi_fashion_mnist") return loadMultiFashion(c, seed);
  if (c.dataset == "csv") {
    if (const std::string why = csvKeysProblem(c); !why.empty()) throw ConfigError(why);
    return loadCsv(c, seed);
  }
  throw ConfigError("data.dataset: unknown dataset '" + c.dataset + "'");
}

}  // namespace comet
