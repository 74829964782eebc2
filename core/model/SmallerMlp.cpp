// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/SmallerMlp.h"

#include "core/model/Cap.h"

namespace comet {

std::vector<int64_t> smallerWidths(const std::vector<int64_t>& widths, double pk) {
  std::vector<int64_t> out;
  out.reserve(widths.size());
  for (auto w : widths) out.push_back(capK(pk, w));
  return out;
}

SmallerMlp::SmallerMlp(int64_t inputs, const std::vector<int64_t>& widths, int64_t outputs, double pk,
                       const std::string& activation, const std::string& norm)
    : StandardMlp(inputs, smallerWidths(widths, pk), outputs, activation, norm) {}

}  // namespace comet
