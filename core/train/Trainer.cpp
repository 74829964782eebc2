// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/Trainer.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>

#include "core/data/DataLoader.h"
#include "core/model/Cap.h"
#include "core/model/CometMlp.h"
#include "core/config/Execution.h"
#include "core/config/ConfigLoader.h"
#include "core/model/MethodRegistry.h"
#include "core/model/MultiGateMoe.h"
#include "core/train/Checkpoint.h"
#include "core/train/LrSchedule.h"
#include "core/train/OptimizerFactory.h"
#include "core/util/Allocator.h"
#include "core/util/Error.h"

namespace comet {
namespace {

using Clock = std::chrono::steady_clock;

// A language model's loss (nats per character) as bits per character, and the
// perplexity of the evaluated splits: "lm/val_bpc", "lm/val_perplexity".
void addLanguageMetrics(NamedValues& out, const std::vector<std::pair<std::string, double>>& losses) {
  for (const auto& [split, loss] : losses) out.emplace_back("lm/" + split + "_bpc", loss / std::log(2.0));
  for (const auto& [split, loss] : losses)
    if (split != "train") out.emplace_back("lm/" + split + "_perplexity", std::exp(loss));
}

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
    : m_config(std::move(config)), m_data(std::move(data)), m_loss(*m_data, m_config.train.taskWeights) {
  keepLargeBlocksForReuse();  // a step's large gradients reuse the last step's memory
  const DataSplits& d = *m_data;
  if (d.train.size() == 0) throw DataError("the training split is empty");
  if (m_config.train.batchSize > d.train.size())
    throw ConfigError("train.batch_size: " + std::to_string(m_config.train.batchSize) +
                      " is larger than the training split (" + std::to_string(d.train.size()) + " examples)");
  m_net = createNetwork(m_config.model, d.inputShape.empty() ? std::vector<int64_t>{d.features()} : d.inputShape,
                        m_loss.specs(), m_config.seed);
  if (auto* moe = dynamic_cast<MultiGateMoe*>(m_net.get()))  // the gates at model.gate_lr
    m_optimizer = createOptimizer(m_config.train, moe->nonGateParameters(), moe->gateParameters(), m_config.model.gateLr);
  else
    m_optimizer = createOptimizer(m_config.train, m_net->parameters());

  m_info.config = m_config;
  m_info.dataDescription = d.description;
  m_info.trainExamples = d.train.size();
  m_info.valExamples = d.val.size();
  m_info.testExamples = d.test.size();
  m_info.numClasses = d.task == Task::Classification ? d.numClasses : 0;
  m_info.classNames = d.classNames;
  for (const auto& t : d.tasks) m_info.tasks.push_back(t.name);
  m_info.widths = reportedWidths(m_config.model);
  for (auto w : m_info.widths) m_info.ks.push_back(capK(m_config.model.pk, w));
  m_info.paramsTrainable = trainableParameters(*m_net);
  for (auto& group : m_optimizer->param_groups()) m_baseLr.push_back(group.options().get_lr());
  m_info.stepsPerEpoch = (d.train.size() + m_config.train.batchSize - 1) / m_config.train.batchSize;
  m_info.totalSteps = m_info.stepsPerEpoch * m_config.train.epochs;
  m_info.threads = torch::get_num_threads();
  m_info.execution = resolvedExecution(m_config);
  if (m_info.execution == "sparse") {
    auto* comet = dynamic_cast<CometMlp*>(m_net.get());
    if (!comet) throw ConfigError("model.execution: sparse needs the comet method's network");
    m_sparse = std::make_unique<SparseCometStep>(*comet, m_config, d.task == Task::Classification);
    for (const SparseProduct p : m_sparse->products(m_config.train.batchSize)) m_info.sparseProducts.push_back(toString(p));
  }

  const Dataset& probeSplit = d.val.size() >= 2 ? d.val : d.test;
  if (m_config.probe.enabled && probeSplit.size() >= 2) {
    if (m_net->hasMasks() && d.languageModel())  // the items are characters
      m_probe = std::make_unique<MaskProbe>(MaskProbe::forCharacters(m_config.probe, probeSplit.x, d.numClasses));
    else if (m_net->hasMasks())
      m_probe = std::make_unique<MaskProbe>(m_config.probe, probeSplit.x,
                                            d.multiTask() ? probeSplit.y.select(1, 0).to(torch::kLong) : probeSplit.y,
                                            m_info.numClasses);
    if (dynamic_cast<MultiGateMoe*>(m_net.get()))
      m_gateProbe = std::make_unique<GateProbe>(m_config.probe, probeSplit.x, probeSplit.y, m_loss.specs());
  }
  if (d.languageModel() && m_config.sample.enabled)
    m_sampler = std::make_unique<TextSampler>(d.vocabulary, m_config.model.contextLength, m_config.sample);
}

Trainer::~Trainer() = default;

// Where training stands, in epochs (1.5: half-way through the second); gates
// with a schedule (local search's Sinkhorn phase) read it from the ForwardContext.
double Trainer::epochPosition() const {
  return static_cast<double>(m_progress.epoch - 1) +
         static_cast<double>(m_progress.stepInEpoch) / static_cast<double>(std::max<int64_t>(1, m_info.stepsPerEpoch));
}

void Trainer::applyLrSchedule() {
  if (!hasLrSchedule(m_config.train)) return;
  const double factor = lrFactor(m_config.train, m_progress.stepsDone, m_info.totalSteps);
  auto& groups = m_optimizer->param_groups();
  for (size_t g = 0; g < groups.size() && g < m_baseLr.size(); ++g) groups[g].options().set_lr(m_baseLr[g] * factor);
}

void Trainer::clipGradients() {
  const auto& c = m_config.train;
  if (c.gradClip == "norm") torch::nn::utils::clip_grad_norm_(m_net->parameters(), c.gradClipValue);
  else if (c.gradClip == "value") torch::nn::utils::clip_grad_value_(m_net->parameters(), c.gradClipValue);
}

// zero_grad() without its costs: the gradients are released before the backward
// pass instead of zeroed, so the backward's new gradient tensors become the
// gradients as they are, with no zero-fill and no accumulation pass over every
// weight (docs/performance.md). A parameter the backward did not reach gets the
// zero gradient zero_grad() would have left it (and one that never had a gradient
// stays without), so optimizers see exactly what they saw before.
void Trainer::releaseGradients() {
  m_hadGradient.clear();
  for (auto& group : m_optimizer->param_groups())
    for (auto& p : group.params()) {
      m_hadGradient.push_back(p.grad().defined() ? 1 : 0);
      p.mutable_grad().reset();
    }
}

void Trainer::restoreUnreachedGradients() {
  size_t i = 0;
  for (auto& group : m_optimizer->param_groups())
    for (auto& p : group.params())
      if (m_hadGradient[i++] && !p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
}

double Trainer::trainStep(const torch::Tensor& indices) {
  const Dataset& train = m_data->train;
  const auto x = train.x.index_select(0, indices);
  const auto y = train.y.index_select(0, indices);
  if (m_sparse) {
    double correct = 0;
    const double value = m_sparse->step(x, y, indices, correct);
    m_lastBatchCorrect = m_data->task == Task::Classification ? correct : kNaN;
    return value;
  }
  ForwardContext ctx;
  ctx.exampleIndex = indices;
  ctx.epoch = epochPosition();
  releaseGradients();
  applyLrSchedule();
  const auto out = m_net->forward(x, ctx);
  auto r = m_loss(out, y);
  auto l = r.total;
  if (auto p = m_net->penalty(); p.defined()) l = l + p;
  l.backward();
  restoreUnreachedGradients();
  clipGradients();
  m_optimizer->step();
  // Single task: correct predictions; multi-task: their mean over the
  // classification tasks, so that correct / n is the reported accuracy.
  m_lastBatchCorrect = m_loss.accuracy(r.taskCorrect, 1);
  m_lastTaskLoss = std::move(r.taskLoss);
  m_lastTaskCorrect = std::move(r.taskCorrect);
  return r.value;
}

Evaluation Trainer::evaluate(const Dataset& split) {
  Evaluation e;
  if (split.size() == 0) return e;
  torch::NoGradGuard noGrad;
  m_net->eval();
  m_net->beginStatistics();
  AverageMeter lossMeter;
  std::vector<AverageMeter> taskLoss(m_loss.tasks());
  std::vector<double> correct(m_loss.tasks(), 0.0);
  ForwardContext ctx;
  ctx.epoch = epochPosition();
  for (int64_t start = 0; start < split.size(); start += m_config.train.evalBatchSize) {
    const int64_t n = std::min(m_config.train.evalBatchSize, split.size() - start);
    const auto x = split.x.narrow(0, start, n);
    const auto y = split.y.narrow(0, start, n);
    const auto r = m_loss(m_net->forward(x, ctx), y);
    lossMeter.add(r.value, n);
    for (size_t t = 0; t < m_loss.tasks(); ++t) {
      taskLoss[t].add(r.taskLoss[t], n);
      correct[t] += r.taskCorrect[t];
    }
  }
  e.statistics = m_net->endStatistics();
  m_net->train();
  e.loss = lossMeter.mean();
  e.accuracy = m_loss.accuracy(correct, split.size());
  for (size_t t = 0; t < m_loss.tasks(); ++t) {
    e.taskLoss.push_back(taskLoss[t].mean());
    e.taskAccuracy.push_back(m_loss.specs()[t].kind == Task::Classification
                                 ? correct[t] / static_cast<double>(split.size())
                                 : kNaN);
  }
  return e;
}

void Trainer::addTaskMetrics(NamedValues& out, const std::string& split, const std::vector<double>& loss,
                             const std::vector<double>& accuracy) const {
  if (!m_loss.multiTask()) return;
  for (size_t t = 0; t < m_loss.tasks(); ++t) {
    const auto& spec = m_loss.specs()[t];
    out.emplace_back(spec.name + "/" + split + "_loss", loss[t]);
    if (spec.kind == Task::Classification) out.emplace_back(spec.name + "/" + split + "_acc", accuracy[t]);
  }
}

void Trainer::probe(int64_t epoch) {
  if (!m_probe && !m_gateProbe) return;
  ProbeReport report;
  if (m_probe) report = m_probe->run(*m_net, m_info.ks, epoch);
  report.epoch = epoch;
  report.classNames = m_info.classNames;  // "T-shirt/top", ... in the probe CSVs and the workbench
  if (m_gateProbe) {
    report.gates = m_gateProbe->run(*m_net, static_cast<double>(epoch));
    if (!m_probe) report.examples = report.gates.empty() ? 0 : static_cast<int64_t>(report.gates[0].labels.size());
  }
  for (auto* o : m_observers) o->probeFinished(report);
}

bool Trainer::checkpointDue() const {
  const auto& c = m_config.train;
  const auto& p = m_progress;
  if (p.stepInEpoch == 0) {  // an epoch just ended
    const int64_t finished = p.epoch - 1;
    return finished == c.epochs || (c.checkpointEveryEpochs > 0 && finished % c.checkpointEveryEpochs == 0);
  }
  return c.checkpointEverySteps > 0 && p.stepsDone % c.checkpointEverySteps == 0;
}

void Trainer::saveCheckpoint() {
  if (m_checkpointPath.empty()) return;
  m_progress.seconds = m_sessionStartSeconds + secondsSince(m_sessionStart);
  m_progress.epochSeconds = m_progress.stepInEpoch == 0 ? 0 : m_epochStartSeconds + secondsSince(m_epochStart);
  Checkpoint::save(m_checkpointPath, *m_net, *m_optimizer, m_progress, toYaml(m_config));
  for (auto* o : m_observers) o->checkpointSaved(m_progress.stepsDone);
}

void Trainer::finishEpoch(RunSummary& summary) {
  auto& p = m_progress;
  EpochRecord rec;
  rec.epoch = p.epoch;
  rec.step = p.stepsDone;
  rec.trainLoss = p.lossCount > 0 ? p.lossSum / static_cast<double>(p.lossCount) : kNaN;
  const double n = static_cast<double>(m_data->train.size());
  rec.trainAcc = m_loss.hasClassification() ? p.correct / n : kNaN;
  const Evaluation val = evaluate(m_data->val);
  rec.valLoss = val.loss;
  rec.valAcc = val.accuracy;
  if (m_loss.multiTask()) {
    std::vector<double> trainLoss, trainAcc;
    for (size_t t = 0; t < m_loss.tasks(); ++t) {
      trainLoss.push_back(p.lossCount > 0 ? p.taskLossSum[t] / static_cast<double>(p.lossCount) : kNaN);
      trainAcc.push_back(p.taskCorrect[t] / n);
    }
    addTaskMetrics(rec.extra, "train", trainLoss, trainAcc);
    addTaskMetrics(rec.extra, "val", val.taskLoss, val.taskAccuracy);
  }
  if (m_data->languageModel()) addLanguageMetrics(rec.extra, {{"train", rec.trainLoss}, {"val", rec.valLoss}});
  if (hasLrSchedule(m_config.train))  // the rate of the epoch's last step
    rec.extra.emplace_back("train/lr", m_config.train.lr * lrFactor(m_config.train, p.stepsDone - 1, m_info.totalSteps));
  rec.extra.insert(rec.extra.end(), val.statistics.begin(), val.statistics.end());
  rec.seconds = m_epochStartSeconds + secondsSince(m_epochStart);
  if (std::isnan(p.bestValAcc) || rec.valAcc > p.bestValAcc) p.bestValAcc = rec.valAcc;
  if (std::isnan(p.bestValLoss) || rec.valLoss < p.bestValLoss) p.bestValLoss = rec.valLoss;
  p.epochs.push_back(rec);
  ++p.epoch;
  p.stepInEpoch = 0;
  p.lossSum = 0;
  p.lossCount = 0;
  p.correct = 0;
  p.taskLossSum.assign(m_loss.tasks(), 0.0);
  p.taskCorrect.assign(m_loss.tasks(), 0.0);
  p.epochSeconds = 0;
  summary.epochsDone = rec.epoch;
  summary.bestValAcc = p.bestValAcc;
  summary.bestValLoss = p.bestValLoss;
  for (auto* o : m_observers) o->epochFinished(rec);
  sampleText(rec.epoch);
  if (m_config.probe.everyEpoch && rec.epoch < m_config.train.epochs) probe(rec.epoch);
}

void Trainer::sampleText(int64_t epoch) {
  if (!m_sampler) return;
  TextSample sample;
  sample.epoch = epoch;
  sample.prompt = m_sampler->prompt();
  sample.text = m_sampler->generate(*m_net, m_config.seed * 1000003ull + static_cast<uint64_t>(epoch));
  for (auto* o : m_observers) o->textSampled(sample);
}

void Trainer::runEpochs(const std::atomic<bool>& stop, RunSummary& summary) {
  auto& p = m_progress;
  const int64_t n = m_data->train.size();
  const int64_t batch = m_config.train.batchSize;
  m_net->train();
  m_net->prepare(m_data->train.x);  // also after resume: COMET's mask cache is not in the checkpoint
  if (p.taskLossSum.size() != m_loss.tasks()) {  // a fresh run (a resumed one brings its meters)
    p.taskLossSum.assign(m_loss.tasks(), 0.0);
    p.taskCorrect.assign(m_loss.tasks(), 0.0);
  }
  summary.stepsDone = p.stepsDone;
  summary.epochsDone = static_cast<int64_t>(p.epochs.size());
  summary.bestValAcc = p.bestValAcc;
  summary.bestValLoss = p.bestValLoss;
  for (; p.epoch <= m_config.train.epochs; ) {
    m_epochStart = Clock::now();
    m_epochStartSeconds = p.epochSeconds;
    // A fresh seeded order per epoch: the same for every method with the same seed.
    const auto order = seededPermutation(n, m_config.seed * 1000003ull + static_cast<uint64_t>(p.epoch));
    const auto orderT = torch::tensor(order, torch::kLong);
    for (int64_t start = p.stepInEpoch * batch; start < n; start += batch) {
      if (stop.load(std::memory_order_relaxed)) {
        saveCheckpoint();
        summary.status = RunStatus::Stopped;
        summary.message = "stopped at step " + std::to_string(p.stepsDone) + " (epoch " + std::to_string(p.epoch) + ")";
        return;
      }
      const int64_t count = std::min(batch, n - start);
      const double l = trainStep(orderT.narrow(0, start, count));
      if (!std::isfinite(l)) {  // the progress (and the checkpoint) stay at the last good step
        summary.stepsDone = p.stepsDone + 1;
        summary.status = RunStatus::Diverged;
        summary.divergedAtStep = summary.stepsDone;
        summary.message = "the training loss became " + std::string(std::isnan(l) ? "NaN" : "infinite") +
                          " at step " + std::to_string(summary.stepsDone) + " (epoch " + std::to_string(p.epoch) + ")";
        return;
      }
      ++p.stepsDone;
      ++p.stepInEpoch;
      p.lossSum += l * static_cast<double>(count);
      p.lossCount += count;
      p.correct += m_lastBatchCorrect;
      for (size_t t = 0; m_loss.multiTask() && t < m_loss.tasks(); ++t) {
        p.taskLossSum[t] += m_lastTaskLoss[t] * static_cast<double>(count);
        p.taskCorrect[t] += m_lastTaskCorrect[t];
      }
      summary.stepsDone = p.stepsDone;
      const StepRecord step{p.stepsDone, p.epoch, l, m_sessionStartSeconds + secondsSince(m_sessionStart)};
      p.steps.push_back(step);
      for (auto* o : m_observers) o->stepFinished(step);
      if (start + count < n && checkpointDue()) saveCheckpoint();
    }
    finishEpoch(summary);
    if (checkpointDue()) saveCheckpoint();
  }
  summary.status = RunStatus::Completed;
}

void Trainer::resume(const std::string& checkpointPath) {
  m_progress = Checkpoint::load(checkpointPath, *m_net, *m_optimizer, toYaml(m_config));
  m_resumed = true;
}

RunSummary Trainer::run(const std::atomic<bool>& stop) {
  m_sessionStart = Clock::now();
  m_sessionStartSeconds = m_progress.seconds;
  m_info.resumedAtStep = m_resumed ? m_progress.stepsDone : -1;
  for (auto* o : m_observers) o->runStarted(m_info);
  if (m_resumed)
    for (auto* o : m_observers) o->runResumed(m_progress.epochs, m_progress.steps);
  RunSummary summary;
  try {
    runEpochs(stop, summary);
    if (summary.status != RunStatus::Diverged) {
      const Evaluation test = evaluate(m_data->test);
      summary.testLoss = test.loss;
      summary.testAcc = test.accuracy;
      addTaskMetrics(summary.extra, "test", test.taskLoss, test.taskAccuracy);
      if (m_data->languageModel()) addLanguageMetrics(summary.extra, {{"test", test.loss}});
      summary.extra.insert(summary.extra.end(), test.statistics.begin(), test.statistics.end());
      probe(summary.epochsDone);
    }
  } catch (const std::exception& e) {
    summary.status = RunStatus::Failed;
    summary.message = e.what();
  }
  summary.seconds = m_sessionStartSeconds + secondsSince(m_sessionStart);
  for (auto* o : m_observers) o->runFinished(summary);
  return summary;
}

}  // namespace comet
