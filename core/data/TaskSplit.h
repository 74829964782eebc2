// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

namespace comet {

// How a dataset becomes a sequence of tasks (continual learning). Torch-free.

// Split: the classes 0..numClasses-1 divided into `tasks` tasks, in `order` (every
// class once) or, when `order` is empty, a shuffle seeded by `seed`; consecutive
// classes of that order form a task, and when the classes do not divide evenly the
// first tasks hold one more (10 classes, 5 tasks: 2 each). Throws ConfigError naming
// continual.tasks or continual.class_order: no tasks, more tasks than classes, a
// class twice, a class the dataset does not have, a class left out.
std::vector<std::vector<int64_t>> splitClasses(int64_t numClasses, int64_t tasks, const std::vector<int64_t>& order,
                                               uint64_t seed);

// Permuted: task `task`'s fixed permutation of `features` input positions (pixel
// p of a task's image is pixel perm[p] of the original), drawn from (seed, task)
// alone, so every run and every resume of a sequence sees the same tasks; the
// identity for task 0 when `firstUnpermuted`.
std::vector<int64_t> taskPermutation(int64_t features, int64_t task, uint64_t seed, bool firstUnpermuted);

}  // namespace comet
