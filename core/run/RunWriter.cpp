// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/run/RunWriter.h"

#include <filesystem>
#include <sstream>

#include "core/config/ConfigLoader.h"
#include "core/run/ProbeCsv.h"
#include "core/run/RunDirectory.h"
#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/Json.h"

namespace comet {
namespace fs = std::filesystem;

RunWriter::RunWriter(std::string directory) : m_dir(std::move(directory)) {
  std::error_code ec;
  fs::create_directories(m_dir, ec);
  if (ec || !fs::is_directory(m_dir))
    throw RunError(m_dir + ": cannot create the run directory: " + (ec ? ec.message() : "not a folder"));
  // A process killed while replacing a file leaves its temporary (NAME.tmp.PID).
  for (const auto& dir : {fs::path(m_dir), fs::path(m_dir) / "probe", fs::path(m_dir) / "samples"})
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.path().filename().string().find(".tmp.") != std::string::npos) fs::remove(e.path(), ec);
}

void RunWriter::runStarted(const RunInfo& info) {
  m_info = info;
  m_epochs.clear();
  m_steps.clear();
  m_steps.reserve(static_cast<size_t>(info.totalSteps));
  writeFileAtomically((fs::path(m_dir) / "config.yaml").string(), toYaml(info.config));
  if (info.resumedAtStep >= 0) return;  // runResumed brings the history and writes it
  writeMetrics();
  writeSteps();
  RunSummary running;
  writeSummary(running);
}

void RunWriter::runResumed(const std::vector<EpochRecord>& epochs, const std::vector<StepRecord>& steps) {
  m_epochs = epochs;
  m_steps = steps;
  checkpointSaved(static_cast<int64_t>(steps.size()));
}

void RunWriter::checkpointSaved(int64_t step) {
  if (m_epochs.size() != m_epochsWritten) writeMetrics();
  if (m_steps.size() != m_stepsWritten) writeSteps();
  RunSummary running;
  running.stepsDone = step;
  running.epochsDone = static_cast<int64_t>(m_epochs.size());
  writeSummary(running);
}

void RunWriter::stepFinished(const StepRecord& step) { m_steps.push_back(step); }

void RunWriter::epochFinished(const EpochRecord& epoch) {
  m_epochs.push_back(epoch);
  writeMetrics();
  writeSteps();
}

void RunWriter::probeFinished(const ProbeReport& report) {
  writeProbeCsv(report, (fs::path(m_dir) / "probe").string());
}

void RunWriter::textSampled(const TextSample& sample) {
  const fs::path dir = fs::path(m_dir) / "samples";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw RunError(dir.string() + ": cannot create the samples folder: " + ec.message());
  writeFileAtomically((dir / sampleFileName(sample.epoch)).string(), sample.prompt + sample.text);
}

void RunWriter::runFinished(const RunSummary& summary) {
  writeMetrics();
  writeSteps();
  writeSummary(summary);
}

void RunWriter::writeMetrics() {
  std::ostringstream os;
  os << "epoch,step,train_loss,train_acc,val_loss,val_acc,seconds";
  // Per-task and gate metrics follow the fixed seven, named by the first epoch (every
  // epoch of a run has the same ones).
  if (!m_epochs.empty())
    for (const auto& [name, value] : m_epochs.front().extra) os << "," << name;
  os << "\n";
  for (const auto& e : m_epochs) {
    os << e.epoch << "," << e.step << "," << jsonNumber(e.trainLoss) << "," << jsonNumber(e.trainAcc) << ","
       << jsonNumber(e.valLoss) << "," << jsonNumber(e.valAcc) << "," << jsonNumber(e.seconds);
    for (const auto& [name, value] : e.extra) os << "," << jsonNumber(value);
    os << "\n";
  }
  writeFileAtomically((fs::path(m_dir) / "metrics.csv").string(), os.str());
  m_epochsWritten = m_epochs.size();
}

void RunWriter::writeSteps() {
  std::ostringstream os;
  os << "step,epoch,loss\n";
  for (const auto& s : m_steps) os << s.step << "," << s.epoch << "," << jsonNumber(s.loss) << "\n";
  writeFileAtomically((fs::path(m_dir) / "steps.csv").string(), os.str());
  m_stepsWritten = m_steps.size();
}

void RunWriter::writeSummary(const RunSummary& s) const {
  const auto& c = m_info.config;
  std::string widths = "[";
  for (size_t i = 0; i < m_info.widths.size(); ++i) widths += (i ? "," : "") + std::to_string(m_info.widths[i]);
  widths += "]";
  std::string ks = "[";
  for (size_t i = 0; i < m_info.ks.size(); ++i) ks += (i ? "," : "") + std::to_string(m_info.ks[i]);
  ks += "]";
  JsonObject j;
  j.add("name", c.name)
      .add("method", c.model.method)
      .add("backbone", c.model.backbone)
      .add("dataset", c.data.dataset)
      .add("width", m_info.widths.empty() ? int64_t{0} : m_info.widths.front())
      .addRaw("widths", widths)
      .add("pk", c.model.pk)
      .addRaw("k", ks)
      .add("seed", static_cast<int64_t>(c.seed))
      .add("params_trainable", m_info.paramsTrainable)
      .add("epochs", c.train.epochs)
      .add("epochs_done", s.epochsDone)
      .add("steps_done", s.stepsDone)
      .add("test_loss", s.testLoss)
      .add("test_acc", s.testAcc)
      .add("best_val_acc", s.bestValAcc)
      .add("best_val_loss", s.bestValLoss)
      .add("seconds", s.seconds)
      .add("threads", m_info.threads)
      .add("execution", m_info.execution)
      .add("status", toString(s.status))
      .add("message", s.message);
  if (s.divergedAtStep > 0) j.add("diverged_at_step", s.divergedAtStep);
  if (c.model.backbone == "moe") j.add("gate", c.model.gate).add("experts", c.model.experts).add("gate_k", c.model.gate == "hash" ? int64_t{1} : c.model.gateK);
  if (!m_info.tasks.empty()) j.addRaw("tasks", jsonStringArray(m_info.tasks));
  if (!m_info.sparseProducts.empty()) j.addRaw("sparse_products", jsonStringArray(m_info.sparseProducts));
  for (const auto& [name, value] : s.extra) j.add(name, value);
  writeFileAtomically((fs::path(m_dir) / "summary.json").string(), j.str(true) + "\n");
}

}  // namespace comet
