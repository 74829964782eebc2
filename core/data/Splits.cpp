// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/Splits.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

#include "core/data/DataLoader.h"
#include "core/util/Error.h"

namespace comet {

Dataset takeRows(const Dataset& d, const std::vector<int64_t>& idx) {
  auto t = torch::tensor(idx, torch::kLong);
  return {d.x.index_select(0, t).contiguous(), d.y.index_select(0, t).contiguous()};
}

torch::Tensor normaliseImages(const torch::Tensor& images, const DataConfig& c) {
  const int64_t channels = images.size(1);
  const auto nMean = static_cast<int64_t>(c.mean.size());
  if (nMean != 1 && nMean != channels)
    throw ConfigError("data.mean / data.std: the dataset has " + std::to_string(channels) +
                      " channels; give one value, or one per channel (got " + std::to_string(nMean) + ")");
  // One float copy, then in place: the same operations in the same order as
  // ((x / 255) - mean) / std, without three more image-sized temporaries.
  auto x = images.to(torch::kFloat32, /*non_blocking=*/false, /*copy=*/true).contiguous();
  const auto mean = torch::tensor(c.mean, torch::kFloat64).to(torch::kFloat32).view({-1, 1, 1});
  const auto std = torch::tensor(c.std, torch::kFloat64).to(torch::kFloat32).view({-1, 1, 1});
  x.div_(255.0).sub_(mean).div_(std);
  int64_t features = 1;
  for (int64_t d = 1; d < images.dim(); ++d) features *= images.size(d);
  return x.reshape({images.size(0), features});  // explicit: an empty split has no -1 to infer
}

RowSplit tableSplit(int64_t rows, const DataConfig& c, uint64_t seed) {
  const auto perm = seededPermutation(rows, seed ^ 0x5eedu);
  const auto nTest = static_cast<size_t>(static_cast<double>(perm.size()) * c.testFraction);
  std::vector<int64_t> rest(perm.begin() + static_cast<long>(nTest), perm.end());
  if (c.trainSubset > 0 && c.trainSubset < static_cast<int64_t>(rest.size())) rest.resize(static_cast<size_t>(c.trainSubset));
  const auto nVal = static_cast<size_t>(static_cast<double>(rest.size()) * c.valFraction);
  RowSplit s;
  s.test.assign(perm.begin(), perm.begin() + static_cast<long>(nTest));
  s.train.assign(rest.begin(), rest.end() - static_cast<long>(nVal));
  s.val.assign(rest.end() - static_cast<long>(nVal), rest.end());
  return s;
}

std::pair<std::vector<int64_t>, std::vector<int64_t>> stratifiedSplit(const std::vector<int64_t>& order,
                                                                      const torch::Tensor& labels,
                                                                      double valFraction) {
  const auto lab = labels.to(torch::kLong).contiguous();
  const int64_t* y = lab.data_ptr<int64_t>();
  const auto n = static_cast<int64_t>(order.size());
  if (n == 0) return {};
  // The 1e-9 keeps 60000 * (1/6 in binary) at 10000.
  const auto nVal = static_cast<int64_t>(std::floor(static_cast<double>(n) * valFraction + 1e-9));
  int64_t classes = 0;
  for (int64_t i : order) classes = std::max(classes, y[i] + 1);
  std::vector<int64_t> count(static_cast<size_t>(classes), 0);
  for (int64_t i : order) ++count[static_cast<size_t>(y[i])];
  // Class c's share is count_c * nVal / n: its whole part, plus one for the classes
  // with the largest remainders until the shares add up to nVal (exact integers).
  std::vector<int64_t> quota(count.size());
  std::vector<int64_t> byRemainder(count.size());
  int64_t given = 0;
  for (size_t c = 0; c < count.size(); ++c) {
    quota[c] = n == 0 ? 0 : count[c] * nVal / n;
    given += quota[c];
    byRemainder[c] = static_cast<int64_t>(c);
  }
  std::stable_sort(byRemainder.begin(), byRemainder.end(), [&](int64_t a, int64_t b) {
    return count[static_cast<size_t>(a)] * nVal % n > count[static_cast<size_t>(b)] * nVal % n;
  });
  for (size_t k = 0; given < nVal && k < byRemainder.size(); ++k, ++given) ++quota[static_cast<size_t>(byRemainder[k])];
  std::pair<std::vector<int64_t>, std::vector<int64_t>> out;
  for (int64_t i : order) {
    auto& left = quota[static_cast<size_t>(y[i])];
    if (left > 0) {
      --left;
      out.second.push_back(i);
    } else {
      out.first.push_back(i);
    }
  }
  return out;
}

void standardiseFeatures(DataSplits& s, const torch::Tensor& scaled) {
  auto mean = s.train.x.mean(0, true);
  auto std = s.train.x.std(0, true, true).clamp_min(1e-8);
  if (scaled.defined()) {
    mean = torch::where(scaled, mean, torch::zeros_like(mean));
    std = torch::where(scaled, std, torch::ones_like(std));
  }
  for (Dataset* d : {&s.train, &s.val, &s.test})
    if (d->size() > 0) d->x = ((d->x - mean) / std).contiguous();
}

}  // namespace comet
