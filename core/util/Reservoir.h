// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

namespace comet {

// Reservoir sampling (Vitter's algorithm R) of a stream of item ids into a buffer
// of `capacity` slots: after n items, every one of them is in the buffer with the
// same probability min(1, capacity / n), whatever the order they came in. Experience
// replay keeps its buffer of past examples this way. Seeded: the same stream and
// seed give the same buffer. The draw for the n-th item is a function of (seed, n)
// alone, so the buffer and the count seen are its whole state (a checkpoint keeps
// them; restore() puts them back). Torch-free.
class Reservoir {
 public:
  Reservoir(int64_t capacity, uint64_t seed);
  // Offers the next item; returns the slot it now holds, or -1 when it was not kept.
  int64_t offer(int64_t item);
  const std::vector<int64_t>& items() const { return m_items; }  // the kept ids, by slot
  int64_t seen() const { return m_seen; }
  int64_t capacity() const { return m_capacity; }
  // The state after `seen` items with `items` kept. Throws std::invalid_argument when
  // they cannot belong together (more items than the capacity or than were seen).
  void restore(int64_t seen, std::vector<int64_t> items);

 private:
  int64_t m_capacity;
  uint64_t m_seed;
  int64_t m_seen = 0;
  std::vector<int64_t> m_items;
};

}  // namespace comet
