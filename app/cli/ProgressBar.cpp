// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/ProgressBar.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "app/cli/ContinualTable.h"

namespace comet::cli {

std::string formatDuration(double s) {
  if (!std::isfinite(s) || s < 0) return "--";
  const auto t = static_cast<long>(s + 0.5);
  char buf[32];
  if (t >= 3600) std::snprintf(buf, sizeof(buf), "%ldh%02ldm", t / 3600, (t % 3600) / 60);
  else if (t >= 60) std::snprintf(buf, sizeof(buf), "%ldm%02lds", t / 60, t % 60);
  else std::snprintf(buf, sizeof(buf), "%lds", t);
  return buf;
}

ProgressBar::ProgressBar() : m_tty(::isatty(STDERR_FILENO) == 1) {}

void ProgressBar::runStarted(const RunInfo& info) {
  m_info = info;
  const auto& m = info.config.model;
  if (m.backbone == "moe")  // the gate is the method of a mixture of experts
    std::fprintf(stderr, "%s | moe: %lld experts, gate %s, k %lld%s, expert widths", info.dataDescription.c_str(),
                 static_cast<long long>(m.experts), m.gate.c_str(),
                 static_cast<long long>(gateK(m)), m.localSearch ? ", local search" : "");
  else if (m.backbone == "gpt")
    std::fprintf(stderr, "%s | gpt %s: %lld blocks, embed %lld, context %lld, masked MLP widths",
                 info.dataDescription.c_str(), m.method.c_str(), static_cast<long long>(m.depth),
                 static_cast<long long>(m.embedDim), static_cast<long long>(m.contextLength));
  else if (isTransformer(m.backbone))  // the masked block MLPs' hidden widths
    std::fprintf(stderr, "%s | %s %s: %lld blocks, embed %lld, %lldx%lld patches, masked MLP widths",
                 info.dataDescription.c_str(), m.backbone.c_str(), m.method.c_str(), static_cast<long long>(m.depth),
                 static_cast<long long>(m.embedDim), static_cast<long long>(m.patchSize),
                 static_cast<long long>(m.patchSize));
  else
    std::fprintf(stderr, "%s | %s, widths", info.dataDescription.c_str(), m.method.c_str());
  for (auto w : info.widths) std::fprintf(stderr, " %lld", static_cast<long long>(w));
  if (m.backbone != "moe") std::fprintf(stderr, ", p_k %g", m.pk);
  std::fprintf(stderr, " | %lld train / %lld val / %lld test | %lld trainable parameters | %d threads\n",
               static_cast<long long>(info.trainExamples),
               static_cast<long long>(info.valExamples), static_cast<long long>(info.testExamples),
               static_cast<long long>(info.paramsTrainable), info.threads);
}

void ProgressBar::clearLine() {
  if (m_tty) std::fprintf(stderr, "\r\033[K");
}

void ProgressBar::stepFinished(const StepRecord& s) {
  m_smoothedLoss = m_smoothedLoss < 0 ? s.loss : 0.98 * m_smoothedLoss + 0.02 * s.loss;
  if (!m_tty) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - m_lastDraw < std::chrono::milliseconds(100) && s.step != m_info.totalSteps) return;
  m_lastDraw = now;
  const double frac = static_cast<double>(s.step) / static_cast<double>(std::max<int64_t>(1, m_info.totalSteps));
  const double eta = s.elapsedSeconds / std::max(frac, 1e-9) * (1 - frac);
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(frac * kWidth);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(kWidth, '.');
  if (s.step == m_epochStartStep + 1 && m_epochSteps == 0) m_epochSteps = m_info.stepsPerEpoch;
  const int64_t stepInEpoch = s.step - m_epochStartStep;
  std::fprintf(stderr, "\r\033[Kepoch %lld/%lld [%s] step %lld/%lld loss %.4f ETA %s",
               static_cast<long long>(s.epoch), static_cast<long long>(m_info.epochs), bar.c_str(),
               static_cast<long long>(stepInEpoch), static_cast<long long>(std::max(m_epochSteps, stepInEpoch)), m_smoothedLoss,
               formatDuration(eta).c_str());
  std::fflush(stderr);
}

void ProgressBar::epochFinished(const EpochRecord& e) {
  clearLine();
  m_epochSteps = e.step - m_epochStartStep;  // the next epoch's, unless a sequence changes task
  m_epochStartStep = e.step;
  if (isLanguageModel(m_info.config.data))  // nats and bits per character
    std::fprintf(stderr, "epoch %lld/%lld  train loss %.4f (%.3f bpc)  val loss %.4f (%.3f bpc) acc %.2f%%  (%s)\n",
                 static_cast<long long>(e.epoch), static_cast<long long>(m_info.epochs), e.trainLoss,
                 e.trainLoss / std::log(2.0), e.valLoss, e.valLoss / std::log(2.0), 100 * e.valAcc,
                 formatDuration(e.seconds).c_str());
  else if (std::isnan(e.valAcc))
    std::fprintf(stderr, "epoch %lld/%lld  train loss %.4f  val loss %.4f  (%s)\n", static_cast<long long>(e.epoch),
                 static_cast<long long>(m_info.epochs), e.trainLoss, e.valLoss,
                 formatDuration(e.seconds).c_str());
  else
    std::fprintf(stderr, "epoch %lld/%lld  train loss %.4f acc %.2f%%  val loss %.4f acc %.2f%%  (%s)\n",
                 static_cast<long long>(e.epoch), static_cast<long long>(m_info.epochs), e.trainLoss,
                 100 * e.trainAcc, e.valLoss, 100 * e.valAcc, formatDuration(e.seconds).c_str());
  std::fflush(stderr);
}

void ProgressBar::textSampled(const TextSample& sample) {
  // The sample's first line or so, newlines shown as " / ": the whole text is in samples/.
  std::string preview;
  for (const char c : sample.prompt + sample.text) {
    if (preview.size() >= 100) break;
    if (c == '\n') preview += preview.empty() ? "" : " / ";
    else if (static_cast<unsigned char>(c) >= 32 || c == '\t') preview += c;
  }
  std::fprintf(stderr, "  sample: %s\n", preview.c_str());
  std::fflush(stderr);
}

void ProgressBar::continualEvaluated(const ContinualReport& r) {
  m_continual = r;
  if (!r.taskEnd) return;
  clearLine();
  const auto t = static_cast<size_t>(r.task);
  std::fprintf(stderr, "task %zu/%zu done (%s): test accuracy per task", t + 1, r.taskNames.size(),
               r.taskLabels.at(t).c_str());
  for (size_t j = 0; j < r.accuracy.size(); ++j) std::fprintf(stderr, " %.1f%%", 100 * r.accuracy[j]);
  std::fprintf(stderr, "  ACC %.2f%%\n", 100 * r.figures.acc);
  m_epochSteps = 0;  // the next task's epochs may have other lengths
  std::fflush(stderr);
}

void ProgressBar::runFinished(const RunSummary& s) {
  clearLine();
  if (m_continual) std::fputs(formatAccuracyMatrix(*m_continual).c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace comet::cli
