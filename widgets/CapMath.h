// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

namespace comet::gui {

// C_k keeps k = max(1, floor(pk * N)) neurons of a layer of N (core/model/Cap.h,
// restated here without torch so that widgets need no torch headers).
int64_t capK(double pk, int64_t width);

// log10 of binomial(N, k): how many distinct masks a layer can produce.
double log10Binomial(int64_t n, int64_t k);

}  // namespace comet::gui
