// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/run/GateProbeCsv.h"

#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/Json.h"
#include "core/util/NumericCsv.h"

namespace comet {
void writeGateProbeCsv(const std::vector<TaskGates>& gates, const std::string& directory) {
  if (gates.empty()) return;
  std::filesystem::create_directories(directory);
  const auto path = [&](const std::string& name) { return (std::filesystem::path(directory) / name).string(); };
  std::ostringstream summary;
  summary << "task,experts,examples,nonzeros_mean,nonzeros_max\n";
  for (const auto& g : gates) {
    const auto experts = static_cast<size_t>(g.experts);
    const size_t examples = g.labels.size();
    summary << g.task << "," << g.experts << "," << examples << "," << jsonNumber(g.meanNonZeros) << ","
            << g.maxNonZeros << "\n";
    const std::string T = std::to_string(g.task);

    const size_t classes = experts > 0 ? g.classMeanWeight.size() / experts : 0;
    std::ostringstream usage;
    usage << "expert,routed,top,mean_weight";
    for (size_t c = 0; c < classes; ++c)
      usage << "," << (c < g.classNames.size() ? csvHeaderCell(g.classNames[c]) : "class_" + std::to_string(c));
    usage << "\n";
    for (size_t j = 0; j < experts; ++j) {
      usage << j + 1 << "," << (j < g.routed.size() ? g.routed[j] : 0) << "," << (j < g.top.size() ? g.top[j] : 0)
            << "," << jsonNumber(j < g.meanWeight.size() ? g.meanWeight[j] : 0.f);
      for (size_t c = 0; c < classes; ++c) usage << "," << jsonNumber(g.classMeanWeight[c * experts + j]);
      usage << "\n";
    }
    writeFileAtomically(path("gates_usage_task" + T + ".csv"), usage.str());

    std::ostringstream weights;
    weights << "label";
    for (size_t j = 0; j < experts; ++j) weights << ",e" << j + 1;
    weights << "\n";
    for (size_t i = 0; i < examples; ++i) {
      if (g.labels[i] >= 0) weights << g.labels[i];
      for (size_t j = 0; j < experts; ++j) weights << "," << jsonNumber(g.weights[i * experts + j]);
      weights << "\n";
    }
    writeFileAtomically(path("gates_weights_task" + T + ".csv"), weights.str());
  }
  writeFileAtomically(path("gates_summary.csv"), summary.str());
}

std::vector<TaskGates> readGateProbeCsv(const std::string& directory) {
  std::vector<TaskGates> out;
  const std::filesystem::path dir(directory);
  const auto table = [&](const std::string& name) { return readNumericCsvIfPresent((dir / name).string()); };
  const auto summary = table("gates_summary.csv");
  if (!summary) return out;
  const std::string summaryPath = (dir / "gates_summary.csv").string();
  for (const char* required : {"task", "experts"})
    if (summary->column(required) < 0)
      throw RunError(summaryPath + ":1: no '" + required +
                     "' column (expected the header task,experts,examples,nonzeros_mean,nonzeros_max)");
  size_t line = 1;
  for (const auto& row : summary->rows) {
    ++line;
    TaskGates g;
    g.task = countCell(summary->value(row, "task"));
    g.experts = countCell(summary->value(row, "experts"));
    if (g.task < 1 || g.experts < 1 || g.experts > 100000)
      throw RunError(summaryPath + ":" + std::to_string(line) + ": task " + std::to_string(g.task) + " with " +
                     std::to_string(g.experts) + " experts; expected a task number >= 1 and at least one expert");
    g.name = "task" + std::to_string(g.task);
    g.meanNonZeros = summary->value(row, "nonzeros_mean");
    g.maxNonZeros = countCell(summary->value(row, "nonzeros_max"));
    const auto experts = static_cast<size_t>(g.experts);
    const std::string T = std::to_string(g.task);

    const std::string usageName = "gates_usage_task" + T + ".csv";
    if (const auto usage = table(usageName)) {
      if (usage->rows.size() != experts || usage->header.size() < 4)
        throw RunError((dir / usageName).string() + ": " + std::to_string(usage->rows.size()) + " rows of " +
                       std::to_string(usage->header.size()) + " columns; expected one row per expert (" +
                       std::to_string(experts) + ") under expert,routed,top,mean_weight[,classes]");
      const size_t classes = usage->header.size() - 4;
      g.classNames.assign(usage->header.begin() + 4, usage->header.end());
      g.classMeanWeight.assign(classes * experts, 0.f);
      for (size_t j = 0; j < experts; ++j) {
        const auto& r = usage->rows[j];
        g.routed.push_back(countCell(r[1]));
        g.top.push_back(countCell(r[2]));
        g.meanWeight.push_back(static_cast<float>(r[3]));
        for (size_t c = 0; c < classes; ++c) g.classMeanWeight[c * experts + j] = static_cast<float>(r[4 + c]);
      }
    }
    const std::string weightsName = "gates_weights_task" + T + ".csv";
    if (const auto weights = table(weightsName)) {
      if (weights->header.size() != experts + 1)
        throw RunError((dir / weightsName).string() + ":1: " + std::to_string(weights->header.size() - 1) +
                       " expert columns; gates_summary.csv says " + std::to_string(experts));
      for (const auto& r : weights->rows) {
        g.labels.push_back(std::isfinite(r[0]) ? static_cast<int64_t>(r[0]) : -1);
        for (size_t j = 0; j < experts; ++j) g.weights.push_back(static_cast<float>(r[j + 1]));
      }
    }
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace comet
