// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/Checkpoint.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <filesystem>
#include <mutex>
#include <utility>

#include "core/config/ConfigLoader.h"
#include "core/util/AtomicFile.h"
#include "core/util/Error.h"

namespace comet {
namespace {

// 2: the progress as named entries (format 1 stored it by position).
constexpr int64_t kFormat = 2;
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

// The progress's scalars and meters, each under its own name in the archive's
// "progress" entry, so that a field added later is one more name, not a shifted
// position. A meter is its sum and its count.
void writeProgress(torch::serialize::OutputArchive& archive, const TrainProgress& p) {
  torch::serialize::OutputArchive out;
  const auto integer = [&](const char* name, int64_t v) { out.write(name, c10::IValue(v)); };
  const auto real = [&](const char* name, double v) { out.write(name, c10::IValue(v)); };
  const auto meters = [&](const char* name, const std::vector<MeanMeter>& ms) {
    std::vector<double> sums;
    std::vector<int64_t> counts;
    for (const auto& m : ms) {
      sums.push_back(m.sum());
      counts.push_back(m.count());
    }
    out.write(std::string(name) + "_sum", torch::tensor(sums, torch::kFloat64));
    out.write(std::string(name) + "_count", torch::tensor(counts, torch::kLong));
  };
  integer("epoch", p.epoch);
  integer("step_in_epoch", p.stepInEpoch);
  integer("steps_done", p.stepsDone);
  real("epoch_seconds", p.epochSeconds);
  real("best_val_acc", p.bestValAcc);
  real("best_val_loss", p.bestValLoss);
  real("seconds", p.seconds);
  meters("loss", {p.loss});
  meters("correct", {p.correct});
  meters("task_loss", p.taskLoss);
  meters("task_correct", p.taskCorrect);
  archive.write("progress", out);
}

void readProgress(torch::serialize::InputArchive& archive, TrainProgress& p, const std::string& path) {
  torch::serialize::InputArchive in;
  archive.read("progress", in);
  const auto corrupt = [&](const std::string& what) { return RunError(path + ": corrupt checkpoint: " + what); };
  const auto value = [&](const char* name) {
    c10::IValue v;
    if (!in.try_read(name, v)) throw corrupt(std::string("the progress has no '") + name + "'");
    return v;
  };
  const auto integer = [&](const char* name) {
    const c10::IValue v = value(name);
    if (!v.isInt()) throw corrupt(std::string("the progress's '") + name + "' is not an integer");
    return v.toInt();
  };
  const auto real = [&](const char* name) {
    const c10::IValue v = value(name);
    if (!v.isDouble()) throw corrupt(std::string("the progress's '") + name + "' is not a number");
    return v.toDouble();
  };
  const auto meters = [&](const char* name) {
    torch::Tensor sums, counts;
    in.read(std::string(name) + "_sum", sums);
    in.read(std::string(name) + "_count", counts);
    if (sums.dim() != 1 || counts.dim() != 1 || sums.numel() != counts.numel() ||
        sums.scalar_type() != torch::kFloat64 || counts.scalar_type() != torch::kLong)
      throw corrupt(std::string("the progress's '") + name + "' meters have the wrong shape");
    const auto s = sums.contiguous();
    const auto c = counts.contiguous();
    std::vector<MeanMeter> out;
    for (int64_t i = 0; i < s.numel(); ++i)
      out.push_back(MeanMeter::restored(s.data_ptr<double>()[i], c.data_ptr<int64_t>()[i]));
    return out;
  };
  const auto one = [&](const char* name) {
    auto ms = meters(name);
    if (ms.size() != 1) throw corrupt(std::string("the progress's '") + name + "' is not one meter");
    return ms[0];
  };
  p.epoch = integer("epoch");
  p.stepInEpoch = integer("step_in_epoch");
  p.stepsDone = integer("steps_done");
  p.epochSeconds = real("epoch_seconds");
  p.bestValAcc = real("best_val_acc");
  p.bestValLoss = real("best_val_loss");
  p.seconds = real("seconds");
  p.loss = one("loss");
  p.correct = one("correct");
  p.taskLoss = meters("task_loss");
  p.taskCorrect = meters("task_correct");
  if (p.taskLoss.size() != p.taskCorrect.size()) throw corrupt("the progress's task meters differ in number");
}

torch::Tensor readTable(torch::serialize::InputArchive& archive, const char* key, int64_t columns,
                        const std::string& path) {
  torch::Tensor t;
  archive.read(key, t);
  if (t.dim() != 2 || t.size(1) != columns || t.scalar_type() != torch::kFloat64)
    throw RunError(path + ": corrupt checkpoint: '" + key + "' has the wrong shape");
  return t.contiguous();
}

// Whether a checkpoint's config is the run's: the same text, or the same config once
// read by this version (a checkpoint written before a section was added to the
// schema lacks its keys, which then hold their defaults).
bool sameConfig(const std::string& stored, const std::string& current) {
  if (stored == current) return true;
  try {
    return toYaml(ConfigLoader::loadString(stored, "<checkpoint config>")) == current;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

void Checkpoint::save(const std::string& path, const NetworkImpl& net, const torch::optim::Optimizer& optimizer,
                      const TrainProgress& p, const std::string& configYaml,
                      const std::vector<const StatefulPart*>& parts) {
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
  writeProgress(archive, p);
  archive.write("epochs", epochTable(p.epochs));
  writeExtra(archive, p.epochs);
  archive.write("steps", stepTable(p.steps));
  for (const auto* part : parts) {
    if (part->stateName().empty()) continue;
    torch::serialize::OutputArchive state;
    part->saveState(state);
    archive.write("state_" + part->stateName(), state);
  }
  writeAtomicallyWith(path, [&](const std::string& tmp) { archive.save_to(tmp); });
}

TrainProgress Checkpoint::load(const std::string& path, NetworkImpl& net, torch::optim::Optimizer& optimizer,
                               const std::string& configYaml, const std::vector<StatefulPart*>& parts) {
  if (!std::filesystem::exists(path)) throw RunError(path + ": no checkpoint to resume from (the file is missing)");
  TrainProgress p;
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path);
    c10::IValue format;
    if (!archive.try_read("format", format) || !format.isInt())
      throw RunError(path + ": not a COMET checkpoint (no 'format' entry)");
    if (format.toInt() == 1)
      throw RunError(path + ": checkpoint format 1 (written before the progress was stored by name) cannot be "
                     "resumed by this version; the run's metrics, steps and probes stay as they are, and the run can "
                     "be started again");
    if (format.toInt() != kFormat)
      throw RunError(path + ": checkpoint format " + std::to_string(format.toInt()) + " is not supported (expected " +
                     std::to_string(kFormat) + ")");
    c10::IValue config;
    archive.read("config", config);
    if (!config.isString() || !sameConfig(config.toStringRef(), configYaml))
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
    readProgress(archive, p, path);
    const auto epochs = readTable(archive, "epochs", kEpochColumns, path);
    const auto ea = epochs.accessor<double, 2>();
    for (int64_t i = 0; i < epochs.size(0); ++i)
      p.epochs.push_back({static_cast<int64_t>(ea[i][0]), static_cast<int64_t>(ea[i][1]), ea[i][2], ea[i][3],
                          ea[i][4], ea[i][5], ea[i][6], {}});
    readExtra(archive, p.epochs, path);
    const auto steps = readTable(archive, "steps", kStepColumns, path);
    const auto* ps = steps.data_ptr<double>();
    p.steps.reserve(static_cast<size_t>(steps.size(0)));
    for (int64_t i = 0; i < steps.size(0); ++i, ps += kStepColumns)
      p.steps.push_back({static_cast<int64_t>(ps[0]), static_cast<int64_t>(ps[1]), ps[2], ps[3]});
    for (auto* part : parts) {
      if (part->stateName().empty()) continue;
      torch::serialize::InputArchive state;
      if (!archive.try_read("state_" + part->stateName(), state))
        throw RunError(path + ": corrupt checkpoint: it has no state of '" + part->stateName() + "'");
      part->loadState(state);
    }
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
