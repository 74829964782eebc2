// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/run/ProbeCsv.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/run/GateProbeCsv.h"
#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/Json.h"

namespace comet {
namespace {

std::string className(const ProbeReport& r, int64_t c) {
  if (c >= 0 && static_cast<size_t>(c) < r.classNames.size()) return csvHeaderCell(r.classNames[static_cast<size_t>(c)]);
  return "class_" + std::to_string(c);
}

void matrixRows(std::ostringstream& os, const std::vector<float>& m, size_t cols) {
  for (size_t i = 0; i < m.size(); ++i) os << jsonNumber(m[i]) << ((i + 1) % cols == 0 ? "\n" : ",");
}

}  // namespace

void writeProbeCsv(const ProbeReport& r, const std::string& directory) {
  std::filesystem::create_directories(directory);
  const auto path = [&](const std::string& name) { return (std::filesystem::path(directory) / name).string(); };
  std::ostringstream summary;
  summary << "layer,width,k,dead,always_on,mean_frequency,mean_jaccard,similarity_r,examples,positions\n";
  for (const auto& lp : r.layers) {
    const auto& u = lp.usage;
    double meanFreq = 0;
    for (float f : u.frequency) meanFreq += f;
    meanFreq /= static_cast<double>(std::max<size_t>(1, u.frequency.size()));
    summary << lp.layer << "," << u.width << "," << u.k << "," << u.dead << "," << u.alwaysOn << ","
            << jsonNumber(meanFreq) << "," << jsonNumber(lp.overlap.meanJaccard) << ","
            << jsonNumber(lp.overlap.similarityCorrelation) << "," << r.examples << "," << lp.positions << "\n";
    const std::string L = std::to_string(lp.layer);

    std::ostringstream usage;
    usage << "neuron,frequency";
    const auto classes = static_cast<size_t>(r.numClasses);
    const bool perClass = classes > 0 && u.classFrequency.size() == classes * u.frequency.size();
    if (perClass)
      for (size_t c = 0; c < classes; ++c) usage << "," << className(r, static_cast<int64_t>(c));
    usage << "\n";
    for (size_t n = 0; n < u.frequency.size(); ++n) {
      usage << n << "," << jsonNumber(u.frequency[n]);
      if (perClass)
        for (size_t c = 0; c < classes; ++c) usage << "," << jsonNumber(u.classFrequency[c * u.frequency.size() + n]);
      usage << "\n";
    }
    writeFileAtomically(path("usage_layer" + L + ".csv"), usage.str());

    const auto& o = lp.overlap;
    if (!o.classMean.empty()) {
      std::ostringstream cm;
      for (size_t c = 0; c < classes; ++c) cm << (c ? "," : "") << className(r, static_cast<int64_t>(c));
      cm << "\n";
      matrixRows(cm, o.classMean, classes);
      writeFileAtomically(path("overlap_classes_layer" + L + ".csv"), cm.str());
    }
    const size_t n = o.pairLabels.empty() ? static_cast<size_t>(std::sqrt(o.examples.size())) : o.pairLabels.size();
    if (n > 0) {
      std::ostringstream ex;
      ex << "label";
      for (size_t i = 0; i < n; ++i) ex << ",e" << i;
      ex << "\n";
      for (size_t i = 0; i < n; ++i) {
        ex << (o.pairLabels.empty() ? std::string("") : std::to_string(o.pairLabels[i]));
        for (size_t j = 0; j < n; ++j) ex << "," << jsonNumber(o.examples[i * n + j]);
        ex << "\n";
      }
      writeFileAtomically(path("overlap_examples_layer" + L + ".csv"), ex.str());
    }
    std::ostringstream sim;
    sim << "bin_low,bin_high,pairs,mean_jaccard\n";
    for (const auto& b : o.bins)
      sim << jsonNumber(b.low) << "," << jsonNumber(b.high) << "," << b.pairs << "," << jsonNumber(b.meanJaccard) << "\n";
    writeFileAtomically(path("similarity_layer" + L + ".csv"), sim.str());
    std::ostringstream pairs;
    pairs << "cosine,jaccard\n";
    for (size_t i = 0; i < o.sampleCosine.size(); ++i)
      pairs << jsonNumber(o.sampleCosine[i]) << "," << jsonNumber(o.sampleJaccard[i]) << "\n";
    writeFileAtomically(path("similarity_pairs_layer" + L + ".csv"), pairs.str());
  }
  writeFileAtomically(path("summary.csv"), summary.str());
  writeGateProbeCsv(r.gates, directory);
}

ProbeReport readProbeCsv(const std::string& directory) {
  ProbeReport report;
  const std::filesystem::path dir(directory);
  std::error_code ec;
  report.gates = readGateProbeCsv(directory);
  if (!report.gates.empty()) report.examples = static_cast<int64_t>(report.gates.front().labels.size());
  if (!std::filesystem::exists(dir / "summary.csv", ec)) return report;
  const auto table = [&](const std::string& name) { return readNumericCsvIfPresent((dir / name).string()); };
  const NumericCsv summary = *table("summary.csv");
  for (const char* required : {"layer", "width", "k"})
    if (summary.column(required) < 0)
      throw RunError((dir / "summary.csv").string() + ":1: no '" + required + "' column (expected the header "
                     "layer,width,k,dead,always_on,mean_frequency,mean_jaccard,similarity_r,examples,positions)");
  if (report.gates.empty()) report.examples = -1;
  for (const auto& row : summary.rows) {
    if (const double e = summary.value(row, "examples"); std::isfinite(e)) report.examples = static_cast<int64_t>(e);
    LayerProbe lp;
    lp.layer = countCell(summary.value(row, "layer"));
    if (const double p = summary.value(row, "positions"); std::isfinite(p) && p >= 1) lp.positions = static_cast<int64_t>(p);
    const std::string L = std::to_string(lp.layer);
    auto& u = lp.usage;
    u.width = countCell(summary.value(row, "width"));
    u.k = countCell(summary.value(row, "k"));
    u.dead = countCell(summary.value(row, "dead"));
    u.alwaysOn = countCell(summary.value(row, "always_on"));
    auto& o = lp.overlap;
    o.meanJaccard = summary.value(row, "mean_jaccard");
    o.similarityCorrelation = summary.value(row, "similarity_r");

    if (const auto usage = table("usage_layer" + L + ".csv")) {
      const size_t classes = usage->header.size() > 2 ? usage->header.size() - 2 : 0;
      if (report.classNames.empty())
        report.classNames.assign(usage->header.begin() + 2, usage->header.end());
      report.numClasses = std::max<int64_t>(report.numClasses, static_cast<int64_t>(classes));
      const size_t width = usage->rows.size();
      u.frequency.resize(width);
      u.classFrequency.assign(classes * width, 0.f);
      for (size_t n = 0; n < width; ++n) {
        const auto& r = usage->rows[n];
        u.frequency[n] = r.size() > 1 ? static_cast<float>(r[1]) : 0.f;
        for (size_t c = 0; c < classes; ++c) u.classFrequency[c * width + n] = static_cast<float>(r[c + 2]);
      }
    }
    // The overlap matrices are square (the views rely on it).
    const auto square = [&](const NumericCsv& t, size_t columns, const std::string& name) {
      if (t.rows.size() != columns)
        throw RunError((dir / name).string() + ": " + std::to_string(t.rows.size()) + " rows for " +
                       std::to_string(columns) + " columns; expected a square matrix");
    };
    const std::string classesName = "overlap_classes_layer" + L + ".csv";
    if (const auto cm = table(classesName)) {
      square(*cm, cm->header.size(), classesName);
      for (const auto& r : cm->rows) o.classMean.insert(o.classMean.end(), r.begin(), r.end());
    }
    const std::string examplesName = "overlap_examples_layer" + L + ".csv";
    if (const auto ex = table(examplesName)) {
      square(*ex, ex->header.size() - 1, examplesName);
      for (const auto& r : ex->rows) {
        o.pairLabels.push_back(countCell(r[0]));
        o.examples.insert(o.examples.end(), r.begin() + 1, r.end());
      }
    }
    if (const auto sim = table("similarity_layer" + L + ".csv"))
      for (const auto& r : sim->rows)
        if (r.size() >= 4) o.bins.push_back({r[0], r[1], countCell(r[2]), r[3]});
    if (const auto pairs = table("similarity_pairs_layer" + L + ".csv"))
      for (const auto& r : pairs->rows)
        if (r.size() >= 2) {
          o.sampleCosine.push_back(static_cast<float>(r[0]));
          o.sampleJaccard.push_back(static_cast<float>(r[1]));
        }
    report.layers.push_back(std::move(lp));
  }
  return report;
}

}  // namespace comet
