// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/ContinualCheck.h"

#include <string>

namespace comet {
namespace {

ConfigProblem keyed(const std::string& key, const std::string& why) {
  return ConfigProblem{key, "key '" + key + "': " + why, false};
}

}  // namespace

std::optional<ConfigProblem> continualProblem(const ExperimentConfig& c) {
  const auto& cl = c.continual;
  if (!isContinual(cl)) return std::nullopt;
  const std::string& seq = cl.sequence;
  const auto& b = c.model.backbone;
  if (b != "mlp" && b != "vit" && b != "mixer")
    return keyed("continual.sequence", "task sequences run on the backbones mlp, vit and mixer (model.backbone is '" +
                                           b + "')");
  if (isMultiTask(c.data))
    return keyed("continual.sequence", "data.dataset '" + c.data.dataset +
                                           "' is already multi-task data; a task sequence is made from a "
                                           "single-task image dataset");
  if (c.data.dataset == "csv" || c.data.dataset == "text")
    return keyed("continual.sequence", "'" + seq + "' needs an image classification dataset (data.dataset '" +
                                           c.data.dataset + "' is " +
                                           (c.data.dataset == "csv" ? "a regression table" : "text") + ")");
  const std::string scenario = continualScenario(cl);
  if (seq == "split" && scenario == "domain")
    return keyed("continual.scenario", "domain-incremental tasks share their classes, but split tasks each have "
                                       "their own; use task or class with continual.sequence split");
  if (seq == "permuted" && scenario != "domain")
    return keyed("continual.scenario", "'" + scenario + "' needs tasks with classes of their own, but permuted "
                                       "tasks share every class; use domain (or auto) with continual.sequence permuted");
  if (!cl.classOrder.empty() && seq != "split")
    return keyed("continual.class_order", "only a split sequence divides classes (continual.sequence is '" + seq + "')");
  if (cl.epochsPerTask.size() > 1 && static_cast<int64_t>(cl.epochsPerTask.size()) != cl.tasks)
    return keyed("continual.epochs_per_task", std::to_string(cl.epochsPerTask.size()) + " values for " +
                                                  std::to_string(cl.tasks) +
                                                  " tasks (continual.tasks); give one value, or one per task");
  if (cl.strategy == "replay" && cl.replayBuffer == 0)
    return keyed("continual.replay_buffer", "0 keeps nothing to replay; give the number of examples to keep");
  return std::nullopt;
}

}  // namespace comet
