// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/Reservoir.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/util/SplitMix.h"

namespace comet {

Reservoir::Reservoir(int64_t capacity, uint64_t seed) : m_capacity(capacity), m_seed(splitmix64(seed ^ 0x5eed5eedull)) {
  if (capacity < 0) throw std::invalid_argument("reservoir: capacity " + std::to_string(capacity) + " is negative");
  m_items.reserve(static_cast<size_t>(std::min<int64_t>(capacity, 1 << 20)));
}

int64_t Reservoir::offer(int64_t item) {
  const int64_t n = m_seen++;
  if (n < m_capacity) {
    m_items.push_back(item);
    return n;
  }
  // Keep the (n+1)-th item with probability capacity / (n+1), in a slot drawn
  // uniformly from n+1 (the modulo's bias is below 2^-40 for any stream that fits in memory).
  const auto j = static_cast<int64_t>(splitmix64(m_seed + static_cast<uint64_t>(n)) % static_cast<uint64_t>(n + 1));
  if (j >= m_capacity) return -1;
  m_items[static_cast<size_t>(j)] = item;
  return j;
}

void Reservoir::restore(int64_t seen, std::vector<int64_t> items) {
  const auto kept = static_cast<int64_t>(items.size());
  if (seen < 0 || kept > m_capacity || kept != std::min(seen, m_capacity))
    throw std::invalid_argument("reservoir: " + std::to_string(kept) + " items kept after " + std::to_string(seen) +
                                " seen do not fit a capacity of " + std::to_string(m_capacity));
  m_seen = seen;
  m_items = std::move(items);
}

}  // namespace comet
