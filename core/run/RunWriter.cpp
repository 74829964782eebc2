// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/run/RunWriter.h"

#include <filesystem>
#include <sstream>

#include "core/config/ConfigLoader.h"
#include "core/run/ContinualCsv.h"
#include "core/run/ProbeCsv.h"
#include "core/run/RunDirectory.h"
#include "core/run/RunFormat.h"
#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/Json.h"

namespace comet {
namespace fs = std::filesystem;
namespace rf = runformat;

RunWriter::RunWriter(std::string directory) : m_dir(std::move(directory)) {
  std::error_code ec;
  fs::create_directories(m_dir, ec);
  if (ec || !fs::is_directory(m_dir))
    throw RunError(m_dir + ": cannot create the run directory: " + (ec ? ec.message() : "not a folder"));
  // A process killed while replacing a file leaves its temporary (NAME.tmp.PID).
  for (const auto& dir : {fs::path(m_dir), fs::path(m_dir) / rf::kProbeFolder, fs::path(m_dir) / rf::kSamplesFolder})
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.path().filename().string().find(".tmp.") != std::string::npos) fs::remove(e.path(), ec);
}

void RunWriter::runStarted(const RunInfo& info) {
  m_info = info;
  m_epochs.clear();
  m_steps.clear();
  m_steps.reserve(static_cast<size_t>(info.totalSteps));
  writeFileAtomically((fs::path(m_dir) / rf::kConfigFile).string(), toYaml(info.config));
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
  writeProbeCsv(report, (fs::path(m_dir) / rf::kProbeFolder).string());
}

void RunWriter::textSampled(const TextSample& sample) {
  const fs::path dir = fs::path(m_dir) / rf::kSamplesFolder;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw RunError(dir.string() + ": cannot create the samples folder: " + ec.message());
  writeFileAtomically((dir / sampleFileName(sample.epoch)).string(), sample.prompt + sample.text);
}

void RunWriter::continualEvaluated(const ContinualReport& report) {
  m_continual = report;  // into summary.json with the next checkpoint and at the end
  writeContinualMasks(report, (fs::path(m_dir) / rf::kProbeFolder).string());
}

void RunWriter::runFinished(const RunSummary& summary) {
  writeMetrics();
  writeSteps();
  writeSummary(summary);
}

void RunWriter::writeMetrics() {
  std::ostringstream os;
  os << rf::metricsHeader();
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
  writeFileAtomically((fs::path(m_dir) / rf::kMetricsFile).string(), os.str());
  m_epochsWritten = m_epochs.size();
}

void RunWriter::writeSteps() {
  std::ostringstream os;
  os << rf::stepsHeader() << "\n";
  for (const auto& s : m_steps) os << s.step << "," << s.epoch << "," << jsonNumber(s.loss) << "\n";
  writeFileAtomically((fs::path(m_dir) / rf::kStepsFile).string(), os.str());
  m_stepsWritten = m_steps.size();
}

namespace {

std::string numberArray(const std::vector<double>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + jsonNumber(values[i]);
  return out + "]";
}

void addContinual(JsonObject& j, const ExperimentConfig& c, const ContinualReport& r) {
  j.add(rf::kContinualSequence, c.continual.sequence)
      .add(rf::kContinualScenario, continualScenario(c.continual))
      .add(rf::kContinualStrategy, c.continual.strategy)
      .addRaw(rf::kContinualTaskNames, jsonStringArray(r.taskNames))
      .addRaw(rf::kContinualTaskLabels, jsonStringArray(r.taskLabels))
      .add(rf::kContinualTasksDone, r.figures.tasksDone)
      .add(rf::kContinualAcc, r.figures.acc)
      .add(rf::kContinualBwt, r.figures.bwt)
      .add(rf::kContinualFwt, r.figures.fwt)
      .add(rf::kContinualForgetting, r.figures.meanForgetting)
      .addRaw(rf::kContinualForgettingPerTask, numberArray(r.figures.forgetting))
      .addRaw(rf::kContinualRandomInit, numberArray(r.randomInit));
  for (size_t i = 0; i < r.matrix.size() && i < r.taskNames.size(); ++i)
    j.addRaw(rf::continualRow(r.taskNames[i]), numberArray(r.matrix[i]));
}

}  // namespace

void RunWriter::writeSummary(const RunSummary& s) const {
  const auto& c = m_info.config;
  std::string widths = "[";
  for (size_t i = 0; i < m_info.widths.size(); ++i) widths += (i ? "," : "") + std::to_string(m_info.widths[i]);
  widths += "]";
  std::string ks = "[";
  for (size_t i = 0; i < m_info.ks.size(); ++i) ks += (i ? "," : "") + std::to_string(m_info.ks[i]);
  ks += "]";
  JsonObject j;
  j.add(rf::kName, c.name)
      .add(rf::kMethod, c.model.method)
      .add(rf::kBackbone, c.model.backbone)
      .add(rf::kDataset, c.data.dataset)
      .add(rf::kWidth, m_info.widths.empty() ? int64_t{0} : m_info.widths.front())
      .addRaw(rf::kWidths, widths)
      .add(rf::kPk, c.model.pk)
      .addRaw(rf::kK, ks)
      .add(rf::kSeed, static_cast<int64_t>(c.seed))
      .add(rf::kParamsTrainable, m_info.paramsTrainable)
      .add(rf::kEpochs, m_info.epochs > 0 ? m_info.epochs : c.train.epochs)
      .add(rf::kEpochsDone, s.epochsDone)
      .add(rf::kStepsDone, s.stepsDone)
      .add(metric::kTestLoss, s.testLoss)
      .add(metric::kTestAcc, s.testAcc)
      .add(metric::kBestValAcc, s.bestValAcc)
      .add(metric::kBestValLoss, s.bestValLoss)
      .add(metric::kSeconds, s.seconds)
      .add(rf::kThreads, m_info.threads)
      .add(rf::kExecution, m_info.execution)
      .add(rf::kStatus, toString(s.status))
      .add(rf::kMessage, s.message);
  if (s.divergedAtStep > 0) j.add(rf::kDivergedAtStep, s.divergedAtStep);
  if (c.model.backbone == "moe")
    j.add(rf::kGate, c.model.gate)
        .add(rf::kExperts, c.model.experts)
        .add(rf::kGateK, c.model.gate == "hash" ? int64_t{1} : c.model.gateK);
  if (!m_info.tasks.empty()) j.addRaw(rf::kTasks, jsonStringArray(m_info.tasks));
  if (!m_info.sparseProducts.empty()) j.addRaw(rf::kSparseProducts, jsonStringArray(m_info.sparseProducts));
  for (const auto& [name, value] : s.extra) j.add(name, value);
  if (m_continual) addContinual(j, c, *m_continual);
  writeFileAtomically((fs::path(m_dir) / rf::kSummaryFile).string(), j.str(true) + "\n");
}

}  // namespace comet
