// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

namespace comet {

// The optimal assignment of a square matrix: the permutation sigma maximising
// sum_i score[i][sigma(i)], returned as sigma (sigma[i] is row i's column).
// Kuhn-Munkres with potentials (the shortest augmenting path form), O(n^3), on
// doubles: any sign, ties allowed (one optimum is returned). Throws
// std::invalid_argument for a ragged matrix or a non-finite entry.
// (Debian's dlib max_cost_assignment takes integer costs only.)
std::vector<int64_t> maxAssignment(const std::vector<std::vector<double>>& score);

}  // namespace comet
