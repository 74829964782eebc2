// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/ExperimentConfig.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace comet {

bool isTransformer(const std::string& backbone) { return backbone == "vit" || backbone == "mixer" || backbone == "gpt"; }

std::vector<BlockMlpWidth> blockMlpWidths(const ModelConfig& m) {
  if (m.backbone == "vit" || m.backbone == "gpt") return {{"MLP", static_cast<int64_t>(std::llround(m.mlpRatio * static_cast<double>(m.embedDim)))}};
  std::vector<BlockMlpWidth> out;
  if (m.backbone == "mixer" && m.mixerMasked != "channel") out.push_back({"token MLP", m.tokenMlpDim});
  if (m.backbone == "mixer" && m.mixerMasked != "token") out.push_back({"channel MLP", m.channelMlpDim});
  return out;
}

std::vector<int64_t> reportedWidths(const ModelConfig& m) {
  if (!isTransformer(m.backbone)) return hiddenWidths(m);
  std::vector<int64_t> widths;
  for (int64_t b = 0; b < m.depth; ++b)
    for (const auto& mlp : blockMlpWidths(m)) widths.push_back(mlp.width);
  return widths;
}

int64_t gateK(const ModelConfig& m) { return m.gate == "hash" ? 1 : m.gateK; }

bool isMultiTask(const DataConfig& data) {
  return data.dataset == "multi_fashion_mnist" || (data.dataset == "csv" && !data.csvTargets.empty());
}

bool isLanguageModel(const DataConfig& data) { return data.dataset == "text"; }

bool hasLrSchedule(const TrainConfig& c) { return c.lrSchedule != "constant" || c.warmupSteps > 0; }

std::string textBlockProblem(const DataConfig& d, int64_t context) {
  if (d.textBlock >= context + 1) return {};
  return "blocks of " + std::to_string(d.textBlock) +
         " characters cannot hold one window of model.context_length + 1 = " + std::to_string(context + 1) + " characters";
}

std::vector<int64_t> hiddenWidths(const ModelConfig& model) {
  if (model.widths.size() == 1)
    return std::vector<int64_t>(static_cast<size_t>(model.hiddenLayers), model.widths.front());
  return model.widths;
}

std::string csvKeysProblem(const DataConfig& d) {
  const bool multi = !d.csvTargets.empty();
  if (multi && !d.csvTarget.empty())
    return "data.csv_target and data.csv_targets are both set; name the target columns in data.csv_targets only";
  const std::pair<const char*, const std::vector<std::string>*> needMulti[] = {
      {"data.csv_tasks", &d.csvTasks}, {"data.csv_categorical", &d.csvCategorical}, {"data.csv_ignore", &d.csvIgnore}};
  for (const auto& [key, list] : needMulti)
    if (!multi && !list->empty())
      return std::string(key) + " applies only with data.csv_targets (the single-target data.csv_target path "
                                "reads numbers only); name the target column(s) in data.csv_targets";
  if (!d.csvTasks.empty() && d.csvTasks.size() != d.csvTargets.size())
    return "data.csv_tasks has " + std::to_string(d.csvTasks.size()) + " entries but data.csv_targets has " +
           std::to_string(d.csvTargets.size()) + "; give one task kind (classification or regression) per target";
  // A column has one role: a target, a one-hot feature, or dropped.
  const std::pair<const char*, const std::vector<std::string>*> roles[] = {
      {"data.csv_targets", &d.csvTargets}, {"data.csv_categorical", &d.csvCategorical}, {"data.csv_ignore", &d.csvIgnore}};
  for (size_t a = 0; a < 3; ++a)
    for (size_t i = 0; i < roles[a].second->size(); ++i) {
      const std::string& name = (*roles[a].second)[i];
      const auto& same = *roles[a].second;
      if (std::find(same.begin() + static_cast<long>(i) + 1, same.end(), name) != same.end())
        return std::string(roles[a].first) + ": column '" + name + "' is listed twice";
      for (size_t b = a + 1; b < 3; ++b) {
        const auto& other = *roles[b].second;
        if (std::find(other.begin(), other.end(), name) != other.end())
          return "column '" + name + "' is in both " + roles[a].first + " and " + roles[b].first +
                 "; a column has one role";
      }
    }
  return {};
}

bool isContinual(const ContinualConfig& c) { return c.sequence != "none"; }

std::string continualScenario(const ContinualConfig& c) {
  if (c.scenario != "auto") return c.scenario;
  return c.sequence == "permuted" ? "domain" : "task";
}

int64_t totalEpochs(const ExperimentConfig& config) {
  if (!isContinual(config.continual)) return config.train.epochs;
  const auto epochs = taskEpochs(config.continual, config.train.epochs);
  if (epochs.empty()) return 0;
  if (config.continual.strategy == "joint") return *std::max_element(epochs.begin(), epochs.end());
  int64_t sum = 0;
  for (const auto e : epochs) sum += e;
  return sum;
}

std::vector<int64_t> taskEpochs(const ContinualConfig& c, int64_t trainEpochs) {
  const auto tasks = static_cast<size_t>(std::max<int64_t>(0, c.tasks));
  if (c.epochsPerTask.empty()) return std::vector<int64_t>(tasks, trainEpochs);
  if (c.epochsPerTask.size() == 1) return std::vector<int64_t>(tasks, c.epochsPerTask.front());
  return c.epochsPerTask;
}

}  // namespace comet
