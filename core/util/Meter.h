// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <limits>

namespace comet {

// The mean of a per-batch quantity over the examples it covered: add(value, n) for a
// batch mean over n examples, addTotal(total, n) for a batch's sum (its correct
// predictions). The sum is kept as it is accumulated, so a resumed run that restores sum
// and count continues the same arithmetic. Torch-free.
class MeanMeter {
 public:
  void add(double batchMean, int64_t examples) {
    m_sum += batchMean * static_cast<double>(examples);
    m_count += examples;
  }
  void addTotal(double batchTotal, int64_t examples) {
    m_sum += batchTotal;
    m_count += examples;
  }
  // NaN before anything was added.
  double mean() const {
    return m_count > 0 ? m_sum / static_cast<double>(m_count) : std::numeric_limits<double>::quiet_NaN();
  }
  double sum() const { return m_sum; }
  int64_t count() const { return m_count; }
  void reset() { *this = MeanMeter{}; }
  // A meter as a checkpoint stored it.
  static MeanMeter restored(double sum, int64_t count) {
    MeanMeter m;
    m.m_sum = sum;
    m.m_count = count;
    return m;
  }

 private:
  double m_sum = 0;
  int64_t m_count = 0;
};

}  // namespace comet
