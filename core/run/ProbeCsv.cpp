// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/run/ProbeCsv.h"

#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/util/AtomicFile.h"
#include "core/util/Json.h"

namespace comet {
namespace {

std::string className(const ProbeReport& r, int64_t c) {
  if (c >= 0 && static_cast<size_t>(c) < r.classNames.size()) {
    std::string name = r.classNames[static_cast<size_t>(c)];
    for (auto& ch : name)
      if (ch == ',') ch = ' ';
    return name;
  }
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
  summary << "layer,width,k,dead,always_on,mean_frequency,mean_jaccard,similarity_r,examples\n";
  for (const auto& lp : r.layers) {
    const auto& u = lp.usage;
    double meanFreq = 0;
    for (float f : u.frequency) meanFreq += f;
    meanFreq /= static_cast<double>(std::max<size_t>(1, u.frequency.size()));
    summary << lp.layer << "," << u.width << "," << u.k << "," << u.dead << "," << u.alwaysOn << ","
            << jsonNumber(meanFreq) << "," << jsonNumber(lp.overlap.meanJaccard) << ","
            << jsonNumber(lp.overlap.similarityCorrelation) << "," << r.examples << "\n";
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
}

}  // namespace comet
