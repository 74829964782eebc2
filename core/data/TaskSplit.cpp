// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/TaskSplit.h"

#include <numeric>
#include <random>
#include <string>

#include "core/util/Error.h"

namespace comet {
namespace {

std::vector<int64_t> shuffled(int64_t n, uint64_t seed) {
  std::vector<int64_t> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  std::mt19937_64 rng(seed);
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[static_cast<size_t>(rng() % i)]);
  return v;
}

}  // namespace

std::vector<std::vector<int64_t>> splitClasses(int64_t numClasses, int64_t tasks, const std::vector<int64_t>& order,
                                               uint64_t seed) {
  if (tasks < 1) throw ConfigError("continual.tasks: " + std::to_string(tasks) + " tasks (at least 1)");
  if (tasks > numClasses)
    throw ConfigError("continual.tasks: " + std::to_string(tasks) + " tasks of a dataset with " +
                      std::to_string(numClasses) + " classes would leave a task without examples");
  std::vector<int64_t> classes = order;
  if (classes.empty()) {
    classes = shuffled(numClasses, seed * 0x9E3779B97F4A7C15ull + 0xc1a55);
  } else {
    std::vector<char> seen(static_cast<size_t>(numClasses), 0);
    for (const int64_t c : classes) {
      if (c < 0 || c >= numClasses)
        throw ConfigError("continual.class_order: class " + std::to_string(c) + " is not in the dataset (classes 0 to " +
                          std::to_string(numClasses - 1) + ")");
      if (seen[static_cast<size_t>(c)]++)
        throw ConfigError("continual.class_order: class " + std::to_string(c) + " is named twice");
    }
    for (int64_t c = 0; c < numClasses; ++c)
      if (!seen[static_cast<size_t>(c)])
        throw ConfigError("continual.class_order: class " + std::to_string(c) +
                          " is missing (name every class of the dataset once)");
  }
  std::vector<std::vector<int64_t>> out(static_cast<size_t>(tasks));
  const int64_t base = numClasses / tasks, extra = numClasses % tasks;
  size_t next = 0;
  for (int64_t t = 0; t < tasks; ++t)
    for (int64_t k = 0; k < base + (t < extra ? 1 : 0); ++k) out[static_cast<size_t>(t)].push_back(classes[next++]);
  return out;
}

std::vector<int64_t> taskPermutation(int64_t features, int64_t task, uint64_t seed, bool firstUnpermuted) {
  if (task == 0 && firstUnpermuted) {
    std::vector<int64_t> identity(static_cast<size_t>(features));
    std::iota(identity.begin(), identity.end(), 0);
    return identity;
  }
  return shuffled(features, (seed * 1000003ull + static_cast<uint64_t>(task)) * 0x9E3779B97F4A7C15ull + 0x9e7);
}

}  // namespace comet
