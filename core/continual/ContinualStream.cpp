// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/continual/ContinualStream.h"

#include <torch/torch.h>

#include <algorithm>

#include "core/data/DataLoader.h"
#include "core/util/Error.h"

namespace comet {

ContinualStream::ContinualStream(const ExperimentConfig& config, std::shared_ptr<const DataSplits> data)
    : m_config(config),
      m_data(std::move(data)),
      m_sequence(makeTaskSequence(config.continual, *m_data, config.seed)),
      m_joint(config.continual.strategy == "joint"),
      m_permuted(config.continual.sequence == "permuted") {
  const auto& c = config.continual;
  const auto epochsOf = taskEpochs(c, config.train.epochs);
  if (static_cast<int64_t>(epochsOf.size()) != m_sequence.size())
    throw ConfigError("continual.epochs_per_task: " + std::to_string(epochsOf.size()) + " values for " +
                      std::to_string(m_sequence.size()) + " tasks");
  if (m_joint) {
    m_taskOfEpoch.assign(static_cast<size_t>(*std::max_element(epochsOf.begin(), epochsOf.end())),
                         m_sequence.size() - 1);
    std::vector<torch::Tensor> xs, ys;
    for (const auto& t : m_sequence.tasks) {
      xs.push_back(t.val.x);
      ys.push_back(t.val.y);
    }
    m_jointValidation = {torch::cat(xs), torch::cat(ys)};
  } else {
    for (size_t t = 0; t < epochsOf.size(); ++t) m_taskOfEpoch.insert(m_taskOfEpoch.end(), static_cast<size_t>(epochsOf[t]), static_cast<int64_t>(t));
  }
  if (c.strategy == "replay") {
    const int64_t total = allExamples();
    if (c.replayBuffer > total)
      throw ConfigError("continual.replay_buffer: " + std::to_string(c.replayBuffer) +
                        " examples is more than the tasks hold (" + std::to_string(total) + " training examples)");
    m_replay = std::make_unique<Reservoir>(c.replayBuffer, config.seed * 7919 + 17);
    m_replayBatch = c.replayBatch > 0 ? c.replayBatch : config.train.batchSize;
  }
}

torch::Tensor ContinualStream::taskIds(int64_t task) const {
  const auto& t = m_sequence.tasks.at(static_cast<size_t>(task));
  return t.train + task * m_data->train.size();
}

bool ContinualStream::endsTask(int64_t epoch) const {
  return epoch == epochs() || taskOf(epoch + 1) != taskOf(epoch);
}

int64_t ContinualStream::allExamples() const {
  int64_t n = 0;
  for (const auto& t : m_sequence.tasks) n += t.train.numel();
  return n;
}

int64_t ContinualStream::examples(int64_t epoch) const {
  return m_joint ? allExamples() : m_sequence.tasks.at(static_cast<size_t>(taskOf(epoch))).train.numel();
}

torch::Tensor ContinualStream::order(int64_t epoch) const {
  torch::Tensor ids;
  if (m_joint) {
    std::vector<torch::Tensor> all;
    for (int64_t t = 0; t < m_sequence.size(); ++t) all.push_back(taskIds(t));
    ids = torch::cat(all);
  } else {
    ids = taskIds(taskOf(epoch));
  }
  const auto perm = seededPermutation(ids.numel(), m_config.seed * 1000003ull + static_cast<uint64_t>(epoch));
  return ids.index_select(0, torch::tensor(perm, torch::kLong));
}

// The rows of the training split for `ids`, each under its task's permutation.
torch::Tensor ContinualStream::inputsOf(const torch::Tensor& ids) const {
  const int64_t n = m_data->train.size();
  auto x = m_data->train.x.index_select(0, ids.remainder(n));
  if (!m_permuted) return x;
  const auto task = ids.div(n, "floor");
  for (int64_t t = 0; t < m_sequence.size(); ++t) {
    const auto& seqTask = m_sequence.tasks[static_cast<size_t>(t)];
    if (!seqTask.permutation.defined()) continue;
    const auto rows = task.eq(t).nonzero().squeeze(1);
    if (rows.numel() == 0) continue;
    x.index_copy_(0, rows, seqTask.inputs(x.index_select(0, rows)));
  }
  return x;
}

Dataset ContinualStream::taskExamples(int64_t task, const torch::Tensor& rows) const {
  const auto& t = m_sequence.tasks.at(static_cast<size_t>(task));
  return {t.inputs(m_data->train.x.index_select(0, rows)), m_data->train.y.index_select(0, rows)};
}

Batch ContinualStream::batch(int64_t, const torch::Tensor& ids, int64_t step) {
  torch::Tensor all = ids;
  if (m_replay && !m_replay->items().empty()) {
    // Replayed examples are drawn from the buffer as it was before this batch: a
    // seeded choice of distinct slots per step, so a resumed run draws the same.
    const auto& items = m_replay->items();
    const auto size = static_cast<int64_t>(items.size());
    const auto slots = seededPermutation(size, (m_config.seed * 1000003ull + 0x4e91ull) ^ (static_cast<uint64_t>(step) * 0x9E3779B97F4A7C15ull));
    std::vector<int64_t> replayed;
    for (int64_t k = 0; k < std::min(m_replayBatch, size); ++k) replayed.push_back(items[static_cast<size_t>(slots[static_cast<size_t>(k)])]);
    all = torch::cat({ids, torch::tensor(replayed, torch::kLong)});
  }
  if (m_replay) {
    const auto a = ids.accessor<int64_t, 1>();
    for (int64_t k = 0; k < ids.numel(); ++k) m_replay->offer(a[k]);
  }
  const int64_t n = m_data->train.size();
  const auto rows = all.remainder(n);
  return {inputsOf(all), m_data->train.y.index_select(0, rows), m_permuted ? all : rows};
}

const Dataset& ContinualStream::validation(int64_t epoch) const {
  if (m_joint) return m_jointValidation;
  return m_sequence.tasks.at(static_cast<size_t>(taskOf(epoch))).val;
}

torch::Tensor ContinualStream::prepareInputs() const { return m_permuted ? torch::Tensor() : m_data->train.x; }

std::vector<int64_t> ContinualStream::classGroups() const {
  return continualScenario(m_config.continual) == "task" ? m_sequence.taskOfClass : std::vector<int64_t>{};
}

void ContinualStream::saveState(torch::serialize::OutputArchive& archive) const {
  archive.write("seen", c10::IValue(m_replay->seen()));
  archive.write("items", torch::tensor(m_replay->items(), torch::kLong));
}

void ContinualStream::loadState(torch::serialize::InputArchive& archive) {
  c10::IValue seen;
  torch::Tensor items;
  if (!archive.try_read("seen", seen) || !seen.isInt() || !archive.try_read("items", items) || items.dim() != 1 ||
      items.scalar_type() != torch::kLong)
    throw RunError("corrupt checkpoint: the replay buffer's state is incomplete");
  const auto c = items.contiguous();
  try {
    m_replay->restore(seen.toInt(), std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel()));
  } catch (const std::invalid_argument& e) {
    throw RunError(std::string("corrupt checkpoint: ") + e.what());
  }
}

}  // namespace comet
