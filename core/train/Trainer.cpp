// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/Trainer.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>

#include "core/data/DataLoader.h"
#include "core/model/Cap.h"
#include "core/model/MethodRegistry.h"
#include "core/train/OptimizerFactory.h"
#include "core/util/Error.h"

namespace comet {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Mean of a per-batch quantity weighted by batch size.
class AverageMeter {
 public:
  void add(double value, int64_t count) {
    m_sum += value * static_cast<double>(count);
    m_count += count;
  }
  double mean() const { return m_count > 0 ? m_sum / static_cast<double>(m_count) : kNaN; }

 private:
  double m_sum = 0;
  int64_t m_count = 0;
};

}  // namespace

Trainer::Trainer(ExperimentConfig config, std::shared_ptr<const DataSplits> data)
    : m_config(std::move(config)), m_data(std::move(data)) {
  const DataSplits& d = *m_data;
  if (d.train.size() == 0) throw DataError("the training split is empty");
  if (m_config.train.batchSize > d.train.size())
    throw ConfigError("train.batch_size: " + std::to_string(m_config.train.batchSize) +
                      " is larger than the training split (" + std::to_string(d.train.size()) + " examples)");
  m_net = createNetwork(m_config.model, d.features(), d.outputs(), m_config.seed);
  m_optimizer = createOptimizer(m_config.train, m_net->parameters());

  m_info.config = m_config;
  m_info.dataDescription = d.description;
  m_info.trainExamples = d.train.size();
  m_info.valExamples = d.val.size();
  m_info.testExamples = d.test.size();
  m_info.numClasses = d.task == Task::Classification ? d.numClasses : 0;
  m_info.classNames = d.classNames;
  m_info.widths = hiddenWidths(m_config.model);
  for (auto w : m_info.widths) m_info.ks.push_back(capK(m_config.model.pk, w));
  m_info.paramsTrainable = trainableParameters(*m_net);
  m_info.stepsPerEpoch = (d.train.size() + m_config.train.batchSize - 1) / m_config.train.batchSize;
  m_info.totalSteps = m_info.stepsPerEpoch * m_config.train.epochs;
  m_info.threads = torch::get_num_threads();

  if (m_config.probe.enabled && m_net->hasMasks()) {
    const Dataset& probeSplit = d.val.size() >= 2 ? d.val : d.test;
    if (probeSplit.size() >= 2)
      m_probe = std::make_unique<MaskProbe>(m_config.probe, probeSplit.x, probeSplit.y, m_info.numClasses);
  }
}

Trainer::~Trainer() = default;

torch::Tensor Trainer::loss(const torch::Tensor& output, const torch::Tensor& target) const {
  if (m_data->task == Task::Classification) return torch::nn::functional::cross_entropy(output, target);
  return torch::mse_loss(output, target);
}

void Trainer::clipGradients() {
  const auto& c = m_config.train;
  if (c.gradClip == "norm") torch::nn::utils::clip_grad_norm_(m_net->parameters(), c.gradClipValue);
  else if (c.gradClip == "value") torch::nn::utils::clip_grad_value_(m_net->parameters(), c.gradClipValue);
}

double Trainer::trainStep(const torch::Tensor& indices) {
  const Dataset& train = m_data->train;
  const auto x = train.x.index_select(0, indices);
  const auto y = train.y.index_select(0, indices);
  ForwardContext ctx;
  ctx.exampleIndex = indices;
  m_optimizer->zero_grad();
  const auto out = m_net->forward(x, ctx);
  auto l = loss(out, y);
  const double value = l.item<double>();
  if (auto p = m_net->penalty(); p.defined()) l = l + p;
  l.backward();
  clipGradients();
  m_optimizer->step();
  m_lastBatchCorrect = m_data->task == Task::Classification
                           ? out.detach().argmax(1).eq(y).sum().item<double>()
                           : kNaN;
  return value;
}

Evaluation Trainer::evaluate(const Dataset& split) {
  Evaluation e;
  if (split.size() == 0) return e;
  torch::NoGradGuard noGrad;
  m_net->eval();
  AverageMeter lossMeter;
  int64_t correct = 0;
  for (int64_t start = 0; start < split.size(); start += m_config.train.evalBatchSize) {
    const int64_t n = std::min(m_config.train.evalBatchSize, split.size() - start);
    const auto x = split.x.narrow(0, start, n);
    const auto y = split.y.narrow(0, start, n);
    const auto out = m_net->forward(x, ForwardContext{});
    lossMeter.add(loss(out, y).item<double>(), n);
    if (m_data->task == Task::Classification) correct += out.argmax(1).eq(y).sum().item<int64_t>();
  }
  m_net->train();
  e.loss = lossMeter.mean();
  if (m_data->task == Task::Classification) e.accuracy = static_cast<double>(correct) / static_cast<double>(split.size());
  return e;
}

void Trainer::probe(int64_t epoch) {
  if (!m_probe) return;
  const ProbeReport report = m_probe->run(*m_net, m_info.ks, epoch);
  for (auto* o : m_observers) o->probeFinished(report);
}

void Trainer::runEpochs(const std::atomic<bool>& stop, RunSummary& summary) {
  const auto runStart = Clock::now();
  const int64_t n = m_data->train.size();
  const int64_t batch = m_config.train.batchSize;
  m_net->train();
  m_net->prepare(m_data->train.x);
  for (int64_t epoch = 1; epoch <= m_config.train.epochs; ++epoch) {
    const auto epochStart = Clock::now();
    // A fresh seeded order per epoch: the same for every method with the same seed.
    const auto order = seededPermutation(n, m_config.seed * 1000003ull + static_cast<uint64_t>(epoch));
    const auto orderT = torch::tensor(order, torch::kLong);
    AverageMeter lossMeter;
    double correct = 0;
    for (int64_t start = 0; start < n; start += batch) {
      if (stop.load(std::memory_order_relaxed)) {
        summary.status = RunStatus::Stopped;
        summary.message = "stopped at step " + std::to_string(summary.stepsDone) + " (epoch " + std::to_string(epoch) + ")";
        return;
      }
      const int64_t count = std::min(batch, n - start);
      const double l = trainStep(orderT.narrow(0, start, count));
      ++summary.stepsDone;
      if (!std::isfinite(l)) {
        summary.status = RunStatus::Diverged;
        summary.divergedAtStep = summary.stepsDone;
        summary.message = "the training loss became " + std::string(std::isnan(l) ? "NaN" : "infinite") +
                          " at step " + std::to_string(summary.stepsDone) + " (epoch " + std::to_string(epoch) + ")";
        return;
      }
      lossMeter.add(l, count);
      correct += m_lastBatchCorrect;
      const StepRecord step{summary.stepsDone, epoch, l, secondsSince(runStart)};
      for (auto* o : m_observers) o->stepFinished(step);
    }
    EpochRecord rec;
    rec.epoch = epoch;
    rec.step = summary.stepsDone;
    rec.trainLoss = lossMeter.mean();
    rec.trainAcc = m_data->task == Task::Classification ? correct / static_cast<double>(n) : kNaN;
    const Evaluation val = evaluate(m_data->val);
    rec.valLoss = val.loss;
    rec.valAcc = val.accuracy;
    rec.seconds = secondsSince(epochStart);
    summary.epochsDone = epoch;
    if (std::isnan(summary.bestValAcc) || rec.valAcc > summary.bestValAcc) summary.bestValAcc = rec.valAcc;
    if (std::isnan(summary.bestValLoss) || rec.valLoss < summary.bestValLoss) summary.bestValLoss = rec.valLoss;
    for (auto* o : m_observers) o->epochFinished(rec);
    if (m_config.probe.everyEpoch && epoch < m_config.train.epochs) probe(epoch);
  }
  summary.status = RunStatus::Completed;
}

RunSummary Trainer::run(const std::atomic<bool>& stop) {
  const auto start = Clock::now();
  for (auto* o : m_observers) o->runStarted(m_info);
  RunSummary summary;
  try {
    runEpochs(stop, summary);
    if (summary.status != RunStatus::Diverged) {
      const Evaluation test = evaluate(m_data->test);
      summary.testLoss = test.loss;
      summary.testAcc = test.accuracy;
      probe(summary.epochsDone);
    }
  } catch (const std::exception& e) {
    summary.status = RunStatus::Failed;
    summary.message = e.what();
  }
  summary.seconds = secondsSince(start);
  for (auto* o : m_observers) o->runFinished(summary);
  return summary;
}

}  // namespace comet
