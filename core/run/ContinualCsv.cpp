// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/run/ContinualCsv.h"

#include <filesystem>
#include <sstream>

#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/Json.h"

namespace comet {
namespace {

std::string header(const std::string& first, const ContinualReport& r) {
  std::string h = first;
  for (const auto& name : r.taskNames) h += "," + name;
  return h + "\n";
}

std::string taskMatrix(const std::vector<std::vector<double>>& m, const ContinualReport& r) {
  std::ostringstream os;
  os << header("task", r);
  for (size_t i = 0; i < m.size() && i < r.taskNames.size(); ++i) {
    os << r.taskNames[i];
    for (const double v : m[i]) os << "," << jsonNumber(v);
    os << "\n";
  }
  return os.str();
}

}  // namespace

void writeContinualMasks(const ContinualReport& r, const std::string& dir) {
  if (r.masks.empty()) return;
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw RunError(dir + ": cannot create the probe folder: " + ec.message());
  const auto path = [&](const std::string& name) { return (fs::path(dir) / name).string(); };
  for (const auto& layer : r.masks) {
    const std::string L = std::to_string(layer.layer);
    writeFileAtomically(path("continual_overlap_layer" + L + ".csv"), taskMatrix(layer.overlap, r));
    std::ostringstream usage;
    usage << header("neuron", r);
    const size_t width = layer.usage.empty() ? 0 : layer.usage.front().size();
    for (size_t n = 0; n < width; ++n) {
      usage << n;
      for (const auto& task : layer.usage) usage << "," << jsonNumber(task[n]);
      usage << "\n";
    }
    writeFileAtomically(path("continual_usage_layer" + L + ".csv"), usage.str());
  }
  writeFileAtomically(path("continual_similarity.csv"), taskMatrix(r.inputSimilarity, r));
}

}  // namespace comet
