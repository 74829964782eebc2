// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/EpochMetrics.h"

#include <cmath>
#include <utility>

#include "core/train/LrSchedule.h"
#include "core/util/MetricNames.h"

namespace comet {
namespace {

// A language model's loss (nats per character) as bits per character, and the
// perplexity of the evaluated splits other than the training split.
void addLanguageMetrics(NamedValues& out, const std::vector<std::pair<std::string, double>>& losses) {
  for (const auto& [split, loss] : losses)
    out.emplace_back(metric::languageModel(split, metric::kBitsPerCharacter), loss / std::log(2.0));
  for (const auto& [split, loss] : losses)
    if (split != metric::kTrain) out.emplace_back(metric::languageModel(split, metric::kPerplexity), std::exp(loss));
}

}  // namespace

EpochMetrics::EpochMetrics(std::vector<TaskInfo> tasks, bool languageModel, const TrainConfig& train,
                           int64_t totalSteps)
    : m_tasks(std::move(tasks)), m_languageModel(languageModel), m_train(train), m_totalSteps(totalSteps) {}

void EpochMetrics::addTasks(NamedValues& out, const std::string& split, const Evaluation& e) const {
  for (size_t t = 0; t < m_tasks.size(); ++t) {
    out.emplace_back(metric::task(m_tasks[t].name, split, metric::kLoss), e.taskLoss.at(t));
    if (m_tasks[t].classification)
      out.emplace_back(metric::task(m_tasks[t].name, split, metric::kAcc), e.taskAccuracy.at(t));
  }
}

NamedValues EpochMetrics::epoch(const Evaluation& train, const Evaluation& val, int64_t stepsDone) const {
  NamedValues out;
  addTasks(out, metric::kTrain, train);
  addTasks(out, metric::kVal, val);
  if (m_languageModel) addLanguageMetrics(out, {{metric::kTrain, train.loss}, {metric::kVal, val.loss}});
  if (hasLrSchedule(m_train))
    out.emplace_back(metric::kLearningRate, m_train.lr * lrFactor(m_train, stepsDone - 1, m_totalSteps));
  out.insert(out.end(), val.statistics.begin(), val.statistics.end());
  return out;
}

NamedValues EpochMetrics::summary(const Evaluation& test) const {
  NamedValues out;
  addTasks(out, metric::kTest, test);
  if (m_languageModel) addLanguageMetrics(out, {{metric::kTest, test.loss}});
  out.insert(out.end(), test.statistics.begin(), test.statistics.end());
  return out;
}

}  // namespace comet
