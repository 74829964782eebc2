// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/CapMath.h"

#include <algorithm>
#include <cmath>

namespace comet {

int64_t capK(double pk, int64_t width) {
  const auto k = static_cast<int64_t>(std::floor(pk * static_cast<double>(width) + 1e-9));
  return std::clamp<int64_t>(k, 1, std::max<int64_t>(1, width));
}

double log10Binomial(int64_t n, int64_t k) {
  if (k < 0 || k > n) return 0;
  const double ln = std::lgamma(double(n) + 1) - std::lgamma(double(k) + 1) - std::lgamma(double(n - k) + 1);
  return ln / std::log(10.0);
}

}  // namespace comet
