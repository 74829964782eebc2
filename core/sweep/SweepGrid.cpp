// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sweep/SweepGrid.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/run/RunFormat.h"

namespace comet {
namespace {

std::string valueOf(const SweepRow& r, const std::string& key) {
  for (const auto& [k, v] : r.assignments)
    if (k == key) return v;
  // Not swept: fall back to the summary (method, width, pk), so a grid over a
  // single method or width still has one row / column.
  const std::string shortKey = key.substr(key.rfind('.') + 1);
  const auto it = r.summary.find(shortKey == "pk" ? "pk" : shortKey == "width" ? "width" : shortKey);
  return it == r.summary.end() ? std::string("-") : it->second;
}

// Per-epoch values of one metrics.csv column (NaN where empty).
std::vector<double> readColumn(const std::string& dir, const std::string& metric) {
  std::ifstream in(std::filesystem::path(dir) / runformat::kMetricsFile);
  std::string line;
  if (!std::getline(in, line)) return {};
  std::vector<std::string> header;
  std::stringstream hs(line);
  for (std::string h; std::getline(hs, h, ',');) header.push_back(h);
  const auto col = std::find(header.begin(), header.end(), metric) - header.begin();
  if (col >= static_cast<long>(header.size())) return {};
  std::vector<double> out;
  while (std::getline(in, line)) {
    std::stringstream ls(line);
    std::string cell;
    for (long i = 0; i <= col && std::getline(ls, cell, ','); ++i) {}
    char* end = nullptr;
    const double v = std::strtod(cell.c_str(), &end);
    out.push_back(end != cell.c_str() ? v : std::nan(""));
  }
  return out;
}

void sortValues(std::vector<std::string>& values) {
  const bool numeric = std::all_of(values.begin(), values.end(), [](const std::string& v) {
    char* end = nullptr;
    std::strtod(v.c_str(), &end);
    return !v.empty() && *end == '\0';
  });
  if (numeric)
    std::sort(values.begin(), values.end(),
              [](const std::string& a, const std::string& b) { return std::strtod(a.c_str(), nullptr) < std::strtod(b.c_str(), nullptr); });
}

void addUnique(std::vector<std::string>& v, const std::string& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

}  // namespace

SweepGrid sweepGrid(const std::vector<SweepRow>& rows, const std::string& metric, const std::string& rowKey,
                    const std::string& columnKey, const std::string& seriesKey) {
  SweepGrid g;
  g.rowKey = rowKey;
  g.columnKey = columnKey;
  g.seriesKey = seriesKey;
  g.metric = metric;
  // (row, column, series) -> curves of the seeds.
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<std::vector<double>>> curves;
  for (const auto& r : rows) {
    auto values = readColumn(r.directory, metric);
    if (values.empty()) continue;
    const std::string rv = valueOf(r, rowKey), cv = valueOf(r, columnKey), sv = valueOf(r, seriesKey);
    addUnique(g.rowValues, rv);
    addUnique(g.columnValues, cv);
    addUnique(g.seriesValues, sv);
    curves[{rv, cv, sv}].push_back(std::move(values));
  }
  sortValues(g.rowValues);
  sortValues(g.columnValues);
  for (const auto& rv : g.rowValues)
    for (const auto& cv : g.columnValues) {
      GridPanel p{rv, cv, {}};
      for (const auto& sv : g.seriesValues) {
        const auto it = curves.find({rv, cv, sv});
        if (it == curves.end()) continue;
        GridSeries s;
        s.label = sv;
        s.seeds = static_cast<int>(it->second.size());
        size_t epochs = 0;
        for (const auto& c : it->second) epochs = std::max(epochs, c.size());
        for (size_t e = 0; e < epochs; ++e) {
          double lo = INFINITY, hi = -INFINITY, sum = 0;
          int n = 0;
          for (const auto& c : it->second)
            if (e < c.size() && !std::isnan(c[e])) {
              lo = std::min(lo, c[e]);
              hi = std::max(hi, c[e]);
              sum += c[e];
              ++n;
            }
          if (n == 0) continue;
          s.epochs.push_back(static_cast<double>(e + 1));
          s.low.push_back(lo);
          s.high.push_back(hi);
          s.middle.push_back((lo + hi) / 2);
          s.mean.push_back(sum / n);
        }
        p.series.push_back(std::move(s));
      }
      g.panels.push_back(std::move(p));
    }
  return g;
}

}  // namespace comet
