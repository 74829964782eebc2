// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/Checkpoint.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <filesystem>
#include <mutex>
#include <utility>

#include "core/util/AtomicFile.h"
#include "core/util/Error.h"

namespace comet {
namespace {

constexpr int64_t kFormat = 1;
constexpr int64_t kEpochColumns = 7;
constexpr int64_t kStepColumns = 4;

torch::Tensor epochTable(const std::vector<EpochRecord>& epochs) {
  auto t = torch::empty({static_cast<int64_t>(epochs.size()), kEpochColumns}, torch::kFloat64);
  auto a = t.accessor<double, 2>();
  for (size_t i = 0; i < epochs.size(); ++i) {
    const auto& e = epochs[i];
    const double row[kEpochColumns] = {static_cast<double>(e.epoch), static_cast<double>(e.step), e.trainLoss,
                                       e.trainAcc, e.valLoss, e.valAcc, e.seconds};
    for (int64_t c = 0; c < kEpochColumns; ++c) a[static_cast<int64_t>(i)][c] = row[c];
  }
  return t;
}

torch::Tensor stepTable(const std::vector<StepRecord>& steps) {
  auto t = torch::empty({static_cast<int64_t>(steps.size()), kStepColumns}, torch::kFloat64);
  auto* p = t.data_ptr<double>();
  for (const auto& s : steps) {
    *p++ = static_cast<double>(s.step);
    *p++ = static_cast<double>(s.epoch);
    *p++ = s.loss;
    *p++ = s.elapsedSeconds;
  }
  return t;
}

// The named extra metrics of the finished epochs (EpochRecord::extra): one row per
// epoch and the names once, newline-separated. Absent when the run has none.
void writeExtra(torch::serialize::OutputArchive& archive, const std::vector<EpochRecord>& epochs) {
  if (epochs.empty() || epochs.front().extra.empty()) return;
  const auto columns = static_cast<int64_t>(epochs.front().extra.size());
  std::string names;
  for (const auto& [name, value] : epochs.front().extra) names += name + "\n";
  auto t = torch::empty({static_cast<int64_t>(epochs.size()), columns}, torch::kFloat64);
  auto a = t.accessor<double, 2>();
  for (size_t i = 0; i < epochs.size(); ++i)
    for (int64_t c = 0; c < columns; ++c) a[static_cast<int64_t>(i)][c] = epochs[i].extra.at(static_cast<size_t>(c)).second;
  archive.write("epoch_extra_names", c10::IValue(names));
  archive.write("epoch_extra", t);
}

void readExtra(torch::serialize::InputArchive& archive, std::vector<EpochRecord>& epochs, const std::string& path) {
  c10::IValue namesValue;
  if (!archive.try_read("epoch_extra_names", namesValue)) return;
  if (!namesValue.isString()) throw RunError(path + ": corrupt checkpoint: 'epoch_extra_names' is not text");
  std::vector<std::string> names;
  std::string name;
  for (const char ch : namesValue.toStringRef()) {
    if (ch != '\n') name += ch;
    else names.push_back(std::exchange(name, {}));
  }
  torch::Tensor t;
  archive.read("epoch_extra", t);
  if (t.dim() != 2 || t.size(0) != static_cast<int64_t>(epochs.size()) ||
      t.size(1) != static_cast<int64_t>(names.size()) || t.scalar_type() != torch::kFloat64)
    throw RunError(path + ": corrupt checkpoint: 'epoch_extra' has the wrong shape");
  const auto table = t.contiguous();
  const auto a = table.accessor<double, 2>();
  for (size_t i = 0; i < epochs.size(); ++i)
    for (size_t c = 0; c < names.size(); ++c)
      epochs[i].extra.emplace_back(names[c], a[static_cast<int64_t>(i)][static_cast<int64_t>(c)]);
}

torch::Tensor readTable(torch::serialize::InputArchive& archive, const char* key, int64_t columns,
                        const std::string& path) {
  torch::Tensor t;
  archive.read(key, t);
  if (t.dim() != 2 || t.size(1) != columns || t.scalar_type() != torch::kFloat64)
    throw RunError(path + ": corrupt checkpoint: '" + key + "' has the wrong shape");
  return t.contiguous();
}

}  // namespace

void Checkpoint::save(const std::string& path, const NetworkImpl& net, const torch::optim::Optimizer& optimizer,
                      const TrainProgress& p, const std::string& configYaml) {
  torch::serialize::OutputArchive archive;
  archive.write("format", c10::IValue(kFormat));
  archive.write("config", c10::IValue(configYaml));
  torch::serialize::OutputArchive model;
  net.save(model);
  archive.write("model", model);
  torch::serialize::OutputArchive optim;
  optimizer.save(optim);
  archive.write("optimizer", optim);
  {
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    archive.write("rng", gen.get_state());
  }
  archive.write("position", torch::tensor({p.epoch, p.stepInEpoch, p.stepsDone, p.lossCount}, torch::kLong));
  archive.write("meters", torch::tensor({p.lossSum, p.correct, p.epochSeconds, p.bestValAcc, p.bestValLoss, p.seconds},
                                        torch::kFloat64));
  archive.write("epochs", epochTable(p.epochs));
  writeExtra(archive, p.epochs);
  if (!p.taskLossSum.empty()) {
    std::vector<double> meters = p.taskLossSum;
    meters.insert(meters.end(), p.taskCorrect.begin(), p.taskCorrect.end());
    archive.write("task_meters", torch::tensor(meters, torch::kFloat64));
  }
  archive.write("steps", stepTable(p.steps));
  writeAtomicallyWith(path, [&](const std::string& tmp) { archive.save_to(tmp); });
}

TrainProgress Checkpoint::load(const std::string& path, NetworkImpl& net, torch::optim::Optimizer& optimizer,
                               const std::string& configYaml) {
  if (!std::filesystem::exists(path)) throw RunError(path + ": no checkpoint to resume from (the file is missing)");
  TrainProgress p;
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path);
    c10::IValue format;
    if (!archive.try_read("format", format) || !format.isInt())
      throw RunError(path + ": not a COMET checkpoint (no 'format' entry)");
    if (format.toInt() != kFormat)
      throw RunError(path + ": checkpoint format " + std::to_string(format.toInt()) + " is not supported (expected " +
                     std::to_string(kFormat) + ")");
    c10::IValue config;
    archive.read("config", config);
    if (!config.isString() || config.toStringRef() != configYaml)
      throw RunError(path + ": the checkpoint was written for a different config than the run directory's "
                     "config.yaml (was config.yaml edited?)");
    torch::serialize::InputArchive model;
    archive.read("model", model);
    net.load(model);
    torch::serialize::InputArchive optim;
    archive.read("optimizer", optim);
    optimizer.load(optim);
    torch::Tensor rng;
    archive.read("rng", rng);
    {
      auto gen = at::detail::getDefaultCPUGenerator();
      std::lock_guard<std::mutex> lock(gen.mutex());
      gen.set_state(rng);
    }
    torch::Tensor position;
    archive.read("position", position);
    torch::Tensor meters;
    archive.read("meters", meters);
    if (position.numel() != 4 || position.scalar_type() != torch::kLong || meters.numel() != 6 ||
        meters.scalar_type() != torch::kFloat64)
      throw RunError(path + ": corrupt checkpoint: the position entries have the wrong shape");
    const auto pos = position.contiguous();
    const auto* pi = pos.data_ptr<int64_t>();
    p.epoch = pi[0];
    p.stepInEpoch = pi[1];
    p.stepsDone = pi[2];
    p.lossCount = pi[3];
    const auto m = meters.contiguous();
    const auto* pm = m.data_ptr<double>();
    p.lossSum = pm[0];
    p.correct = pm[1];
    p.epochSeconds = pm[2];
    p.bestValAcc = pm[3];
    p.bestValLoss = pm[4];
    p.seconds = pm[5];
    const auto epochs = readTable(archive, "epochs", kEpochColumns, path);
    const auto ea = epochs.accessor<double, 2>();
    for (int64_t i = 0; i < epochs.size(0); ++i)
      p.epochs.push_back({static_cast<int64_t>(ea[i][0]), static_cast<int64_t>(ea[i][1]), ea[i][2], ea[i][3],
                          ea[i][4], ea[i][5], ea[i][6], {}});
    readExtra(archive, p.epochs, path);
    torch::Tensor taskMeters;
    if (archive.try_read("task_meters", taskMeters)) {
      if (taskMeters.dim() != 1 || taskMeters.numel() % 2 != 0 || taskMeters.scalar_type() != torch::kFloat64)
        throw RunError(path + ": corrupt checkpoint: 'task_meters' has the wrong shape");
      const auto m = taskMeters.contiguous();
      const auto* pt = m.data_ptr<double>();
      const int64_t tasks = m.numel() / 2;
      p.taskLossSum.assign(pt, pt + tasks);
      p.taskCorrect.assign(pt + tasks, pt + 2 * tasks);
    }
    const auto steps = readTable(archive, "steps", kStepColumns, path);
    const auto* ps = steps.data_ptr<double>();
    p.steps.reserve(static_cast<size_t>(steps.size(0)));
    for (int64_t i = 0; i < steps.size(0); ++i, ps += kStepColumns)
      p.steps.push_back({static_cast<int64_t>(ps[0]), static_cast<int64_t>(ps[1]), ps[2], ps[3]});
  } catch (const RunError&) {
    throw;
  } catch (const std::exception& e) {
    std::string what = e.what();
    if (const auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
    throw RunError(path + ": cannot read the checkpoint (truncated or corrupt file?): " + what);
  }
  if (p.epoch < 1 || p.stepInEpoch < 0 || p.stepsDone < 0 || p.stepsDone != static_cast<int64_t>(p.steps.size()))
    throw RunError(path + ": corrupt checkpoint: its position (epoch " + std::to_string(p.epoch) + ", step " +
                   std::to_string(p.stepsDone) + ") does not match its history (" + std::to_string(p.steps.size()) +
                   " steps)");
  return p;
}

}  // namespace comet
