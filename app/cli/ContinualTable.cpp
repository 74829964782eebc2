// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/ContinualTable.h"

#include <cmath>
#include <cstdio>

namespace comet::cli {
namespace {

std::string cell(double v) {
  char buf[16];
  if (std::isnan(v)) return "      .";
  std::snprintf(buf, sizeof(buf), " %6.2f", 100 * v);
  return buf;
}

std::string figure(const char* name, double v, bool percentPoints) {
  char buf[64];
  if (std::isnan(v)) std::snprintf(buf, sizeof(buf), "%s n/a", name);
  else std::snprintf(buf, sizeof(buf), percentPoints ? "%s %+.2f pp" : "%s %.2f%%", name, 100 * v);
  return buf;
}

}  // namespace

std::string formatAccuracyMatrix(const ContinualReport& r) {
  std::string out = "accuracy matrix R (%; row: after training task i, column: tested on task j)\n         ";
  char buf[32];
  for (size_t j = 0; j < r.taskNames.size(); ++j) {
    std::snprintf(buf, sizeof(buf), " %6s", ("t" + std::to_string(j + 1)).c_str());
    out += buf;
  }
  out += "\n";
  for (size_t i = 0; i < r.matrix.size(); ++i) {
    std::snprintf(buf, sizeof(buf), "after t%-2zu", i + 1);
    out += buf;
    for (const double v : r.matrix[i]) out += cell(v);
    out += "\n";
  }
  if (!r.randomInit.empty()) {
    out += "random b ";
    for (const double v : r.randomInit) out += cell(v);
    out += "\n";
  }
  out += figure("ACC", r.figures.acc, false) + "  " + figure("BWT", r.figures.bwt, true) + "  " +
         figure("FWT", r.figures.fwt, true) + "  " + figure("forgetting", r.figures.meanForgetting, true) + "\n";
  return out;
}

}  // namespace comet::cli
