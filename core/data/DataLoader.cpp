// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/DataLoader.h"

#include <torch/torch.h>

#include <filesystem>
#include <random>

#include "core/data/CifarReader.h"
#include "core/data/CsvReader.h"
#include "core/data/IdxReader.h"
#include "core/util/Error.h"

namespace comet {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string> kFashionClasses = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                  "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
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

Dataset take(const Dataset& d, const std::vector<int64_t>& idx, size_t from, size_t to) {
  std::vector<int64_t> part(idx.begin() + static_cast<long>(from), idx.begin() + static_cast<long>(to));
  auto t = torch::tensor(part, torch::kLong);
  return {d.x.index_select(0, t).contiguous(), d.y.index_select(0, t).contiguous()};
}

// Scales uint8 images [n, C, H, W] to normalised float features [n, C*H*W].
torch::Tensor normaliseImages(const torch::Tensor& images, const DataConfig& c) {
  const int64_t channels = images.size(1);
  const auto nMean = static_cast<int64_t>(c.mean.size());
  if (nMean != 1 && nMean != channels)
    throw ConfigError("data.mean / data.std: the dataset has " + std::to_string(channels) +
                      " channels; give one value, or one per channel (got " + std::to_string(nMean) + ")");
  auto x = images.to(torch::kFloat32).div_(255.0);
  auto mean = torch::tensor(c.mean, torch::kFloat64).to(torch::kFloat32).view({-1, 1, 1});
  auto std = torch::tensor(c.std, torch::kFloat64).to(torch::kFloat32).view({-1, 1, 1});
  x = (x - mean) / std;
  return x.reshape({images.size(0), -1}).contiguous();
}

DataSplits splitImages(torch::Tensor trainImages, torch::Tensor trainLabels, torch::Tensor testImages,
                       torch::Tensor testLabels, const DataConfig& c, uint64_t seed) {
  DataSplits s;
  s.inputShape = {trainImages.size(1), trainImages.size(2), trainImages.size(3)};
  Dataset full{normaliseImages(trainImages, c), trainLabels};
  auto perm = seededPermutation(full.size(), seed);
  if (c.trainSubset > 0 && c.trainSubset < full.size()) perm.resize(static_cast<size_t>(c.trainSubset));
  const auto nVal = static_cast<size_t>(static_cast<double>(perm.size()) * c.valFraction);
  s.train = take(full, perm, 0, perm.size() - nVal);
  s.val = take(full, perm, perm.size() - nVal, perm.size());
  s.test = {normaliseImages(testImages, c), testLabels};
  if (c.testSubset > 0 && c.testSubset < s.test.size()) {
    s.test.x = s.test.x.narrow(0, 0, c.testSubset).contiguous();
    s.test.y = s.test.y.narrow(0, 0, c.testSubset).contiguous();
  }
  if (s.train.size() == 0) throw DataError("the training split is empty (check data.train_subset and data.val_fraction)");
  return s;
}

DataSplits loadIdx(const DataConfig& c, uint64_t seed) {
  const auto root = requireFolder(c.root, "IDX files");
  auto [trX, trY] = readIdxPair(findFile(root, "train-images-idx3-ubyte"), findFile(root, "train-labels-idx1-ubyte"));
  auto [teX, teY] = readIdxPair(findFile(root, "t10k-images-idx3-ubyte"), findFile(root, "t10k-labels-idx1-ubyte"));
  if (trX.size(0) == 0) throw DataError(findFile(root, "train-images-idx3-ubyte") + ": holds no images");
  if (teX.size(0) == 0) throw DataError(findFile(root, "t10k-images-idx3-ubyte") + ": holds no images");
  if (trX.size(1) * trX.size(2) == 0) throw DataError(findFile(root, "train-images-idx3-ubyte") + ": images of 0 pixels");
  if (trX.size(1) != teX.size(1) || trX.size(2) != teX.size(2))
    throw DataError(c.root + ": training and test images differ in size");
  auto s = splitImages(trX.unsqueeze(1), trY, teX.unsqueeze(1), teY, c, seed);
  s.numClasses = std::max(trY.max().item<int64_t>(), teY.max().item<int64_t>()) + 1;
  if (c.dataset == "fashion_mnist") s.classNames = kFashionClasses;
  const std::string name = c.dataset == "fashion_mnist" ? "Fashion-MNIST" : c.dataset == "mnist" ? "MNIST" : "IDX";
  s.description = name + " (" + c.root + ")";
  return s;
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
  const CsvTable t = readCsvTable(c.root, c.csvTarget);
  const Dataset full{t.features, t.target};
  const auto perm = seededPermutation(full.size(), seed ^ 0x5eedu);
  const auto nTest = static_cast<size_t>(static_cast<double>(perm.size()) * c.testFraction);
  std::vector<int64_t> rest(perm.begin() + static_cast<long>(nTest), perm.end());
  if (c.trainSubset > 0 && c.trainSubset < static_cast<int64_t>(rest.size())) rest.resize(static_cast<size_t>(c.trainSubset));
  const auto nVal = static_cast<size_t>(static_cast<double>(rest.size()) * c.valFraction);
  DataSplits s;
  s.task = Task::Regression;
  s.test = take(full, perm, 0, nTest);
  s.train = take(full, rest, 0, rest.size() - nVal);
  s.val = take(full, rest, rest.size() - nVal, rest.size());
  if (s.train.size() < 2) throw DataError(c.root + ": too few rows for a training split (" + std::to_string(s.train.size()) + ")");
  const auto mean = s.train.x.mean(0, true);
  const auto std = s.train.x.std(0, true, true).clamp_min(1e-8);
  for (Dataset* d : {&s.train, &s.val, &s.test})
    if (d->size() > 0) d->x = ((d->x - mean) / std).contiguous();
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

DataSplits loadData(const DataConfig& c, uint64_t seed) {
  if (c.dataset == "fashion_mnist" || c.dataset == "mnist" || c.dataset == "idx") return loadIdx(c, seed);
  if (c.dataset == "cifar10" || c.dataset == "cifar100") return loadCifar(c, seed);
  if (c.dataset == "csv") return loadCsv(c, seed);
  throw ConfigError("data.dataset: unknown dataset '" + c.dataset + "'");
}

}  // namespace comet
