// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/Reservoir.h"

#include <stdexcept>
#include <string>

namespace comet {

Reservoir::Reservoir(int64_t capacity, uint64_t seed) : m_capacity(capacity), m_rng(seed * 0x9E3779B97F4A7C15ull + 7) {
  if (capacity < 0) throw std::invalid_argument("reservoir: capacity " + std::to_string(capacity) + " is negative");
  m_items.reserve(static_cast<size_t>(capacity));
}

int64_t Reservoir::offer(int64_t item) {
  const int64_t n = m_seen++;
  if (n < m_capacity) {
    m_items.push_back(item);
    return n;
  }
  // Keep the (n+1)-th item with probability capacity / (n+1), in a slot drawn uniformly.
  const int64_t j = static_cast<int64_t>(std::uniform_int_distribution<uint64_t>(0, static_cast<uint64_t>(n))(m_rng));
  if (j >= m_capacity) return -1;
  m_items[static_cast<size_t>(j)] = item;
  return j;
}

}  // namespace comet
