// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/MultiFashion.h"

#include <torch/torch.h>

#include <random>

#include "core/data/DataLoader.h"
#include "core/data/Splits.h"
#include "core/util/Error.h"

namespace comet {
namespace {

// One split's examples as features and [n, 2] float targets; an empty split keeps
// the feature width so that the trainer's shapes hold.
Dataset overlaidSplit(const torch::Tensor& images, const torch::Tensor& labels, const DataConfig& c, uint64_t seed) {
  if (images.size(0) == 0)
    return {torch::zeros({0, kMultiFashionCanvas * kMultiFashionCanvas}), torch::zeros({0, 2})};
  const auto o = overlayPairs(images, labels, seed);
  return {normaliseImages(o.canvases, c), o.labels.to(torch::kFloat32)};
}

torch::Tensor rows(const torch::Tensor& t, const std::vector<int64_t>& idx) {
  return t.index_select(0, torch::tensor(idx, torch::kLong));
}

// Each split draws its partners from its own stream, so that changing one split's
// size leaves the others' pairs alone.
uint64_t splitSeed(uint64_t seed, uint64_t split) { return seed * 0x9E3779B97F4A7C15ull + split; }

}  // namespace

const std::vector<std::string>& fashionMnistClasses() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                 "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
  return names;
}

OverlaidImages overlayPairs(const torch::Tensor& images, const torch::Tensor& labels, uint64_t seed) {
  const int64_t n = images.size(0);
  TORCH_CHECK(n >= 2 && images.size(1) == kMultiFashionItem && images.size(2) == kMultiFashionItem,
              "overlayPairs needs at least two 28x28 images");
  std::mt19937_64 rng(seed);
  std::vector<int64_t> tops(static_cast<size_t>(2 * n));
  OverlaidImages o;
  o.partners.resize(tops.size());
  for (int64_t i = 0; i < n; ++i)
    for (int64_t k = 0; k < 2; ++k) {
      // Uniform over the n - 1 other images: draw from 0..n-2 and skip i.
      const auto r = static_cast<int64_t>(rng() % static_cast<uint64_t>(n - 1));
      tops[static_cast<size_t>(2 * i + k)] = i;
      o.partners[static_cast<size_t>(2 * i + k)] = r >= i ? r + 1 : r;
    }
  const auto pixels = images.to(torch::kFloat32);
  const auto top = torch::tensor(tops, torch::kLong);
  const auto bottom = torch::tensor(o.partners, torch::kLong);
  o.canvases = torch::zeros({2 * n, 1, kMultiFashionCanvas, kMultiFashionCanvas});
  o.canvases.slice(2, 0, kMultiFashionItem).slice(3, 0, kMultiFashionItem).add_(pixels.index_select(0, top).unsqueeze(1));
  o.canvases.slice(2, kMultiFashionShift).slice(3, kMultiFashionShift).add_(pixels.index_select(0, bottom).unsqueeze(1));
  o.labels = torch::stack({labels.index_select(0, top), labels.index_select(0, bottom)}, 1).to(torch::kLong);
  return o;
}

DataSplits buildMultiFashion(const torch::Tensor& trainImages, const torch::Tensor& trainLabels,
                             const torch::Tensor& testImages, const torch::Tensor& testLabels, const DataConfig& c,
                             uint64_t seed) {
  if (trainImages.size(1) != kMultiFashionItem || trainImages.size(2) != kMultiFashionItem)
    throw DataError(c.root + ": multi_fashion_mnist needs 28x28 images; the IDX files hold " +
                    std::to_string(trainImages.size(1)) + "x" + std::to_string(trainImages.size(2)));
  auto order = seededPermutation(trainImages.size(0), seed);
  if (c.trainSubset > 0 && c.trainSubset < trainImages.size(0)) order.resize(static_cast<size_t>(c.trainSubset));
  const auto [trainIdx, valIdx] = stratifiedSplit(order, trainLabels, c.valFraction);
  const int64_t nTest = c.testSubset > 0 ? std::min(c.testSubset, testImages.size(0)) : testImages.size(0);
  // Every image needs another one of its split to pair with.
  const std::pair<const char*, size_t> sizes[] = {
      {"training", trainIdx.size()}, {"validation", valIdx.size()}, {"test", static_cast<size_t>(nTest)}};
  for (const auto& [name, size] : sizes)
    if (size == 1 || (size == 0 && std::string(name) != "validation"))
      throw DataError(c.root + ": the " + name + " split of multi_fashion_mnist has " + std::to_string(size) +
                      " source image(s); pairing needs at least two (check data.train_subset, data.test_subset "
                      "and data.val_fraction)");
  DataSplits s;
  s.train = overlaidSplit(rows(trainImages, trainIdx), rows(trainLabels, trainIdx), c, splitSeed(seed, 1));
  s.val = overlaidSplit(rows(trainImages, valIdx), rows(trainLabels, valIdx), c, splitSeed(seed, 2));
  s.test = overlaidSplit(testImages.narrow(0, 0, nTest), testLabels.narrow(0, 0, nTest), c, splitSeed(seed, 3));
  s.inputShape = {1, kMultiFashionCanvas, kMultiFashionCanvas};
  s.task = Task::Classification;
  s.numClasses = std::max(trainLabels.max().item<int64_t>(), testLabels.max().item<int64_t>()) + 1;
  // Any MNIST-layout folder works; the names are Fashion-MNIST's when there are ten classes.
  if (s.numClasses == 10) s.classNames = fashionMnistClasses();
  for (const char* name : {"top_left", "bottom_right"})
    s.tasks.push_back({name, Task::Classification, s.numClasses, s.classNames});
  s.description = "MultiFashionMNIST (" + c.root + ": pairs of items on a 36x36 canvas, tasks top_left and bottom_right)";
  return s;
}

}  // namespace comet
