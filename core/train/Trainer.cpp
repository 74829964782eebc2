// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/Trainer.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>

#include "core/config/ConfigLoader.h"
#include "core/data/DataLoader.h"
#include "core/model/Cap.h"
#include "core/model/MethodRegistry.h"
#include "core/train/Checkpoint.h"
#include "core/util/Allocator.h"
#include "core/util/Error.h"

namespace comet {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

Trainer::Trainer(ExperimentConfig config, std::shared_ptr<const DataSplits> data, std::shared_ptr<TrainStream> stream)
    : m_config(std::move(config)), m_data(std::move(data)), m_loss(*m_data, m_config.train.taskWeights),
      m_stream(stream ? std::move(stream) : wholeSplitStream(m_data, m_config.train.epochs, m_config.seed)) {
  keepLargeBlocksForReuse();  // a step's large gradients reuse the last step's
                              // memory
  const DataSplits& d = *m_data;
  if (d.train.size() == 0) throw DataError("the training split is empty");
  if (m_config.train.batchSize > d.train.size())
    throw ConfigError("train.batch_size: " + std::to_string(m_config.train.batchSize) +
                      " is larger than the training split (" + std::to_string(d.train.size()) + " examples)");
  m_loss.setClassGroups(m_stream->classGroups());
  m_net = createNetwork(m_config.model, d.inputShape.empty() ? std::vector<int64_t>{d.features()} : d.inputShape,
                        m_loss.specs(), m_config.seed);
  m_step = makeTrainStep(m_config, m_net, m_loss);
  m_evaluator = std::make_unique<Evaluator>(m_net, m_loss, m_config.train.evalBatchSize);

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
  m_info.epochs = m_stream->epochs();
  m_info.stepsPerEpoch = stepsIn(1);
  for (int64_t e = 1; e <= m_stream->epochs(); ++e) m_info.totalSteps += stepsIn(e);
  m_info.threads = torch::get_num_threads();
  m_info.execution = m_step->execution();
  m_info.sparseProducts = m_step->products(m_config.train.batchSize);

  std::vector<EpochMetrics::TaskInfo> tasks;
  if (m_loss.multiTask())
    for (const auto& spec : m_loss.specs()) tasks.push_back({spec.name, spec.kind == Task::Classification});
  m_metrics = std::make_unique<EpochMetrics>(std::move(tasks), d.languageModel(), m_config.train, m_info.totalSteps);
  m_hooks = makeEpochHooks(m_config, d, *m_net, m_loss.specs());
}

Trainer::~Trainer() = default;

int64_t Trainer::stepsIn(int64_t epoch) const {
  return (m_stream->examples(epoch) + m_config.train.batchSize - 1) / m_config.train.batchSize;
}

// Where training stands, in epochs (1.5: half-way through the second); gates with a
// schedule (local search's Sinkhorn phase) read it from the ForwardContext.
double Trainer::epochPosition() const {
  return static_cast<double>(m_progress.epoch - 1) +
         static_cast<double>(m_progress.stepInEpoch) / static_cast<double>(std::max<int64_t>(1, m_info.stepsPerEpoch));
}

StepResult Trainer::step(const Batch& b) {
  return m_step->step(b.x, b.y, b.keys, {m_progress.stepsDone, m_info.totalSteps, epochPosition()});
}

double Trainer::trainStep(const torch::Tensor& ids) {
  return step(m_stream->batch(m_progress.epoch, ids, m_progress.stepsDone)).loss;
}

// The stream and the hooks, whose state the checkpoint keeps.
std::vector<StatefulPart*> Trainer::stateParts() const {
  std::vector<StatefulPart*> parts{m_stream.get()};
  for (const auto& hook : m_hooks) parts.push_back(hook.get());
  return parts;
}

Evaluation Trainer::evaluate(const Dataset& split) { return (*m_evaluator)(split, epochPosition()); }

HookContext Trainer::hookContext() {
  return {*m_net, m_info, m_observers, [this](const Dataset& split) { return evaluate(split); }};
}

bool Trainer::checkpointDue() const {
  const auto& c = m_config.train;
  const auto& p = m_progress;
  if (p.stepInEpoch == 0) {  // an epoch just ended
    const int64_t finished = p.epoch - 1;
    return finished == m_stream->epochs() || (c.checkpointEveryEpochs > 0 && finished % c.checkpointEveryEpochs == 0);
  }
  return c.checkpointEverySteps > 0 && p.stepsDone % c.checkpointEverySteps == 0;
}

void Trainer::saveCheckpoint() {
  if (m_checkpointPath.empty()) return;
  m_progress.seconds = m_sessionStartSeconds + secondsSince(m_sessionStart);
  m_progress.epochSeconds = m_progress.stepInEpoch == 0 ? 0 : m_epochStartSeconds + secondsSince(m_epochStart);
  const auto parts = stateParts();
  Checkpoint::save(m_checkpointPath, *m_net, m_step->optimizer(), m_progress, toYaml(m_config),
                   {parts.begin(), parts.end()});
  for (auto* o : m_observers) o->checkpointSaved(m_progress.stepsDone);
}

// The epoch's meters into the progress record.
void Trainer::countStep(const StepResult& r, int64_t examples) {
  auto& p = m_progress;
  p.loss.add(r.loss, examples);
  p.correct.addTotal(r.correct, examples);
  for (size_t t = 0; m_loss.multiTask() && t < m_loss.tasks(); ++t) {
    p.taskLoss[t].add(r.taskLoss[t], examples);
    p.taskCorrect[t].addTotal(r.taskCorrect[t], examples);
  }
}

void Trainer::finishEpoch(RunSummary& summary) {
  auto& p = m_progress;
  Evaluation train;
  train.loss = p.loss.mean();
  train.accuracy = m_loss.hasClassification() ? p.correct.mean() : kNaN;
  for (size_t t = 0; m_loss.multiTask() && t < m_loss.tasks(); ++t) {
    train.taskLoss.push_back(p.taskLoss[t].mean());
    train.taskAccuracy.push_back(p.taskCorrect[t].mean());
  }
  const Evaluation val = evaluate(m_stream->validation(p.epoch));
  HookContext ctx = hookContext();
  EpochRecord rec;
  rec.epoch = p.epoch;
  rec.step = p.stepsDone;
  rec.trainLoss = train.loss;
  rec.trainAcc = train.accuracy;
  rec.valLoss = val.loss;
  rec.valAcc = val.accuracy;
  rec.extra = m_metrics->epoch(train, val, p.stepsDone);
  for (auto& hook : m_hooks)
    for (auto& metric : hook->epochMetrics(p.epoch, ctx)) rec.extra.push_back(std::move(metric));
  rec.seconds = m_epochStartSeconds + secondsSince(m_epochStart);
  if (std::isnan(p.bestValAcc) || rec.valAcc > p.bestValAcc) p.bestValAcc = rec.valAcc;
  if (std::isnan(p.bestValLoss) || rec.valLoss < p.bestValLoss) p.bestValLoss = rec.valLoss;
  p.epochs.push_back(rec);
  ++p.epoch;
  p.stepInEpoch = 0;
  p.resetMeters(m_loss.tasks());
  summary.epochsDone = rec.epoch;
  summary.bestValAcc = p.bestValAcc;
  summary.bestValLoss = p.bestValLoss;
  for (auto* o : m_observers) o->epochFinished(rec);
  for (auto& hook : m_hooks) hook->epochFinished(rec.epoch, ctx);
}

void Trainer::runEpochs(const std::atomic<bool>& stop, RunSummary& summary) {
  auto& p = m_progress;
  const int64_t batch = m_config.train.batchSize;
  m_net->train();
  // Also after resume: COMET's mask cache is not in the checkpoint.
  if (const auto inputs = m_stream->prepareInputs(); inputs.defined()) m_net->prepare(inputs);
  if (p.taskLoss.size() != m_loss.tasks()) p.resetMeters(m_loss.tasks());  // a fresh run; a resumed one brings its meters
  summary.stepsDone = p.stepsDone;
  summary.epochsDone = static_cast<int64_t>(p.epochs.size());
  summary.bestValAcc = p.bestValAcc;
  summary.bestValLoss = p.bestValLoss;
  for (; p.epoch <= m_stream->epochs();) {
    m_epochStart = Clock::now();
    m_epochStartSeconds = p.epochSeconds;
    m_info.stepsPerEpoch = stepsIn(p.epoch);
    const auto orderT = m_stream->order(p.epoch);
    const int64_t n = orderT.numel();
    for (int64_t start = p.stepInEpoch * batch; start < n; start += batch) {
      if (stop.load(std::memory_order_relaxed)) {
        saveCheckpoint();
        summary.status = RunStatus::Stopped;
        summary.message = "stopped at step " + std::to_string(p.stepsDone) + " (epoch " + std::to_string(p.epoch) + ")";
        return;
      }
      const int64_t count = std::min(batch, n - start);
      // The stream's batch: the ids' examples, and replayed ones added to them.
      const Batch b = m_stream->batch(p.epoch, orderT.narrow(0, start, count), p.stepsDone);
      const StepResult r = step(b);
      if (!std::isfinite(r.loss)) {  // the progress (and the checkpoint) stay at
                                     // the last good step
        summary.stepsDone = p.stepsDone + 1;
        summary.status = RunStatus::Diverged;
        summary.divergedAtStep = summary.stepsDone;
        summary.message = "the training loss became " + std::string(std::isnan(r.loss) ? "NaN" : "infinite") +
                          " at step " + std::to_string(summary.stepsDone) + " (epoch " + std::to_string(p.epoch) + ")";
        return;
      }
      ++p.stepsDone;
      ++p.stepInEpoch;
      countStep(r, b.x.size(0));
      summary.stepsDone = p.stepsDone;
      const StepRecord step{p.stepsDone, p.epoch, r.loss, m_sessionStartSeconds + secondsSince(m_sessionStart)};
      p.steps.push_back(step);
      for (auto* o : m_observers) o->stepFinished(step);
      if (start + count < n && checkpointDue()) saveCheckpoint();
    }
    finishEpoch(summary);
    if (checkpointDue()) saveCheckpoint();
  }
  summary.status = RunStatus::Completed;
}

// The test split's metrics into the summary, then the hooks' end of run.
void Trainer::finishRun(RunSummary& summary) {
  const Evaluation test = evaluate(m_data->test);
  summary.testLoss = test.loss;
  summary.testAcc = test.accuracy;
  summary.extra = m_metrics->summary(test);
  HookContext ctx = hookContext();
  for (auto& hook : m_hooks) hook->runFinished(summary.epochsDone, ctx);
}

void Trainer::resume(const std::string& checkpointPath) {
  m_progress = Checkpoint::load(checkpointPath, *m_net, m_step->optimizer(), toYaml(m_config), stateParts());
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
    HookContext ctx = hookContext();
    for (auto& hook : m_hooks) hook->runStarting(ctx);
    runEpochs(stop, summary);
    if (summary.status != RunStatus::Diverged) finishRun(summary);
  } catch (const std::exception& e) {
    summary.status = RunStatus::Failed;
    summary.message = e.what();
  }
  summary.seconds = m_sessionStartSeconds + secondsSince(m_sessionStart);
  for (auto* o : m_observers) o->runFinished(summary);
  return summary;
}

}  // namespace comet
