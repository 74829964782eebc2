// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

namespace comet {

// SplitMix64's step (Steele, Lea and Flood 2014): a well-mixed 64-bit value from any
// 64-bit input; counter-based random draws (example masks, reservoir sampling) hash
// (seed, counter) with it, so a draw depends on nothing but its inputs.
inline uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace comet
