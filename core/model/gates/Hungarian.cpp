// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/gates/Hungarian.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace comet {

std::vector<int64_t> maxAssignment(const std::vector<std::vector<double>>& score) {
  const size_t n = score.size();
  for (const auto& row : score) {
    if (row.size() != n) throw std::invalid_argument("maxAssignment: the matrix is not square");
    for (double v : row)
      if (!std::isfinite(v)) throw std::invalid_argument("maxAssignment: a non-finite entry");
  }
  // Minimise cost = -score. 1-based rows and columns; column 0 is the virtual start
  // of each augmenting path. u, v: the dual potentials; match[j]: the row of column j.
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(n + 1, 0.0), v(n + 1, 0.0);
  std::vector<size_t> match(n + 1, 0), way(n + 1, 0);
  for (size_t i = 1; i <= n; ++i) {
    match[0] = i;
    size_t j0 = 0;
    std::vector<double> minv(n + 1, inf);
    std::vector<bool> used(n + 1, false);
    do {  // Dijkstra on reduced costs until a free column is reached
      used[j0] = true;
      const size_t i0 = match[j0];
      double delta = inf;
      size_t j1 = 0;
      for (size_t j = 1; j <= n; ++j) {
        if (used[j]) continue;
        const double cur = -score[i0 - 1][j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (size_t j = 0; j <= n; ++j) {
        if (used[j]) {
          u[match[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (match[j0] != 0);
    do {  // flip the path
      const size_t j1 = way[j0];
      match[j0] = match[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<int64_t> sigma(n, 0);
  for (size_t j = 1; j <= n; ++j) sigma[match[j] - 1] = static_cast<int64_t>(j - 1);
  return sigma;
}

}  // namespace comet
