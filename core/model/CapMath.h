// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

namespace comet {

// The arithmetic of the cap C_k without torch (the models, the config form and the
// summaries share it; core/model/Cap.h has the operator itself).

// k for a layer of width n at keep-fraction pk: max(1, floor(pk * n)), at most n.
// (The 1e-9 keeps 0.29 * 100, which is 28.999999999999996 in binary, at 29.)
int64_t capK(double pk, int64_t width);

// log10 of binomial(n, k): how many distinct masks a layer can produce.
double log10Binomial(int64_t n, int64_t k);

}  // namespace comet
