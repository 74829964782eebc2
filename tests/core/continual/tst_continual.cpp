// SPDX-License-Identifier: GPL-3.0-or-later
// Continual learning with torch (docs/continual.md): the Fisher of a tiny model
// against a hand computation, heads per task, how a dataset becomes a task sequence,
// replay's batches, a sequence resumed mid-task ending bit-exact with an uninterrupted
// one, a two-task toy where fine-tuning forgets and replay forgets less, and the
// config's continual errors.
#include <torch/torch.h>

#include <QtTest>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <optional>

#include "core/config/ConfigLoader.h"
#include "core/continual/Continual.h"
#include "core/continual/ContinualEvaluation.h"
#include "core/continual/Ewc.h"
#include "core/train/TaskLoss.h"
#include "core/train/Trainer.h"
#include "core/util/Error.h"

using namespace comet;

namespace {

// `classes` Gaussian blobs in `features` dimensions, `perClass` training and 40 test
// examples each; the validation split is the test split.
std::shared_ptr<DataSplits> blobs(int64_t classes, int64_t features, int64_t perClass, uint64_t seed) {
  torch::manual_seed(seed);
  const auto centres = torch::randn({classes, features}) * 3;
  const auto make = [&](int64_t n) {
    auto y = torch::arange(classes, torch::kLong).repeat_interleave(n);
    auto x = centres.index_select(0, y) + torch::randn({classes * n, features});
    return Dataset{x, y};
  };
  auto d = std::make_shared<DataSplits>();
  d->train = make(perClass);
  d->test = make(40);
  d->val = d->test;
  d->numClasses = classes;
  d->inputShape = {features};
  d->description = "blobs";
  return d;
}

ExperimentConfig toyConfig(const std::string& strategy, const std::string& scenario) {
  ExperimentConfig c;
  c.seed = 3;
  c.model.method = "standard";
  c.model.widths = {32};
  c.model.hiddenLayers = 1;
  c.model.activation = "relu";
  c.train.optimizer = "sgd";
  c.train.lr = 0.05;
  c.train.batchSize = 16;
  c.train.epochs = 3;
  c.probe.enabled = false;
  c.continual.sequence = "split";
  c.continual.tasks = 2;
  c.continual.classOrder = {0, 1, 2, 3};
  c.continual.scenario = scenario;
  c.continual.strategy = strategy;
  c.continual.replayBuffer = 100;
  return c;
}

// The last ContinualReport of a run, and a stop after `stopAt` steps.
struct Recorder : TrainObserver {
  std::optional<ContinualReport> last;
  int64_t stopAt = -1;
  std::atomic<bool>* stop = nullptr;
  void continualEvaluated(const ContinualReport& r) override { last = r; }
  void stepFinished(const StepRecord& s) override {
    if (s.step == stopAt) stop->store(true);
  }
};

struct Outcome {
  RunSummary summary;
  ContinualReport report;
  std::vector<torch::Tensor> weights;
};

// One run of `config` on `data`; with `stopAt` > 0, stopped after that step and
// resumed from its checkpoint by a second trainer.
Outcome train(const ExperimentConfig& config, std::shared_ptr<const DataSplits> data, int64_t stopAt,
              const std::string& checkpoint) {
  torch::manual_seed(11);
  std::filesystem::remove(checkpoint);
  std::atomic<bool> stop{false};
  Recorder rec;
  rec.stop = &stop;
  rec.stopAt = stopAt;
  auto stream = makeContinualStream(config, data);
  auto trainer = std::make_unique<Trainer>(config, data, stream);
  addContinualHooks(*trainer, stream);
  trainer->setCheckpointPath(checkpoint);
  trainer->addObserver(&rec);
  Outcome out;
  out.summary = trainer->run(stop);
  if (stopAt > 0) {
    if (out.summary.status != RunStatus::Stopped) throw std::runtime_error("the run did not stop");
    torch::manual_seed(999);  // the checkpoint must bring the generator back
    stop = false;
    rec.stopAt = -1;
    stream = makeContinualStream(config, data);
    trainer = std::make_unique<Trainer>(config, data, stream);
    addContinualHooks(*trainer, stream);
    trainer->setCheckpointPath(checkpoint);
    trainer->resume(checkpoint);
    trainer->addObserver(&rec);
    out.summary = trainer->run(stop);
  }
  out.report = *rec.last;
  for (const auto& p : trainer->network()->parameters()) out.weights.push_back(p.detach().clone());
  return out;
}

// A linear model without bias, for the Fisher by hand.
struct Linear : NetworkImpl {
  torch::Tensor w;
  explicit Linear(torch::Tensor weights) { w = register_parameter("w", weights); }
  torch::Tensor forward(const torch::Tensor& x, const ForwardContext&) override { return x.matmul(w.t()); }
};

}  // namespace

class TestContinual : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // F_i = mean over examples of (d CE / d w_i)^2, with d CE / d W = (softmax(Wx) - e_y) x^T.
  void fisherMatchesHandComputation() {
    const double W[3][2] = {{0.5, -1.0}, {0.25, 0.75}, {-0.5, 0.1}};
    const double X[3][2] = {{1.0, 2.0}, {-1.5, 0.5}, {0.3, -0.7}};
    const int64_t Y[3] = {0, 2, 1};
    auto net = std::make_shared<Linear>(torch::tensor({0.5, -1.0, 0.25, 0.75, -0.5, 0.1}, torch::kFloat).reshape({3, 2}));
    DataSplits d;
    d.numClasses = 3;
    const TaskLoss loss(d, {});
    const Dataset examples{torch::tensor({1.0, 2.0, -1.5, 0.5, 0.3, -0.7}, torch::kFloat).reshape({3, 2}),
                           torch::tensor({int64_t(0), int64_t(2), int64_t(1)})};
    const auto fisher = empiricalFisher(*net, loss, examples);
    QCOMPARE(fisher.size(), size_t(1));
    double expected[3][2] = {};
    for (int n = 0; n < 3; ++n) {
      double z[3], sum = 0;
      for (int k = 0; k < 3; ++k) sum += std::exp(z[k] = W[k][0] * X[n][0] + W[k][1] * X[n][1]);
      for (int k = 0; k < 3; ++k)
        for (int i = 0; i < 2; ++i) {
          const double g = (std::exp(z[k]) / sum - (k == Y[n] ? 1.0 : 0.0)) * X[n][i];
          expected[k][i] += g * g / 3.0;
        }
    }
    const auto f = fisher[0].accessor<double, 2>();
    for (int k = 0; k < 3; ++k)
      for (int i = 0; i < 2; ++i)
        QVERIFY2(std::abs(f[k][i] - expected[k][i]) < 1e-6,
                 qPrintable(QString("F[%1][%2] = %3, by hand %4").arg(k).arg(i).arg(f[k][i]).arg(expected[k][i])));
  }

  // A head per task: the target's own task's classes only.
  void headsPerTaskScoreWithinTheTask() {
    DataSplits d;
    d.numClasses = 4;
    TaskLoss loss(d, {});
    const auto logits = torch::tensor({5.0f, 1.0f, 0.0f, 9.0f}).reshape({1, 4});
    const auto label = torch::tensor({int64_t(0)});
    QCOMPARE(loss(logits, label).taskCorrect[0], 0.0);  // one head: class 3 wins
    loss.setClassGroups({0, 0, 1, 1});
    const auto r = loss(logits, label);
    QCOMPARE(r.taskCorrect[0], 1.0);  // task 0's head: 5 against 1
    QVERIFY(std::abs(r.value - std::log1p(std::exp(-4.0))) < 1e-6);
    QVERIFY_THROWS_EXCEPTION(ConfigError, loss.setClassGroups({0, 1}));
  }

  void splitAndPermutedSequences() {
    const auto data = blobs(4, 6, 30, 1);
    ContinualConfig c;
    c.sequence = "split";
    c.tasks = 2;
    c.classOrder = {3, 1, 0, 2};
    const auto split = makeTaskSequence(c, *data, 0);
    QCOMPARE(split.size(), int64_t(2));
    QCOMPARE(split.tasks[0].classes, (std::vector<int64_t>{3, 1}));
    QCOMPARE(split.taskOfClass, (std::vector<int64_t>{1, 0, 1, 0}));
    const auto y0 = data->train.y.index_select(0, split.tasks[0].train);
    QVERIFY(y0.eq(3).logical_or(y0.eq(1)).all().item<bool>());
    QCOMPARE(split.tasks[0].train.numel(), int64_t(60));
    QCOMPARE(split.tasks[1].test.size(), int64_t(80));
    c.sequence = "permuted";
    c.tasks = 3;
    c.classOrder.clear();
    const auto a = makeTaskSequence(c, *data, 5), b = makeTaskSequence(c, *data, 5), other = makeTaskSequence(c, *data, 6);
    QVERIFY(!a.tasks[0].permutation.defined());  // the first task as it is
    QVERIFY(a.tasks[1].permutation.equal(b.tasks[1].permutation));  // fixed by the seed
    QVERIFY(!a.tasks[1].permutation.equal(a.tasks[2].permutation));
    QVERIFY(!a.tasks[1].permutation.equal(other.tasks[1].permutation));
    QVERIFY(a.tasks[2].test.x.equal(data->test.x.index_select(1, a.tasks[2].permutation)));
    QCOMPARE(a.tasks[2].train.numel(), data->train.size());
  }

  void replayAddsBufferExamplesToEveryBatch() {
    const auto data = blobs(4, 6, 30, 2);
    auto c = toyConfig("replay", "class");
    c.continual.replayBuffer = 20;
    c.continual.replayBatch = 5;
    ContinualStream stream(c, data);
    QCOMPARE(stream.epochs(), int64_t(6));
    QVERIFY(stream.endsTask(3) && !stream.endsTask(2));
    const auto first = stream.order(1);
    QCOMPARE(stream.batch(1, first.narrow(0, 0, 16), 0).x.size(0), int64_t(16));  // nothing kept yet
    QCOMPARE(stream.batch(1, first.narrow(0, 16, 16), 1).x.size(0), int64_t(21));
    QCOMPARE(stream.buffer()->seen(), int64_t(32));
    const auto later = stream.order(4);
    const Batch b = stream.batch(4, later.narrow(0, 0, 16), 50);
    QCOMPARE(b.x.size(0), int64_t(21));
    const auto replayedLabels = b.y.narrow(0, 16, 5);
    QVERIFY(replayedLabels.lt(2).all().item<bool>());  // from task 1 (classes 0, 1): all the buffer held
    c.continual.replayBuffer = 1000;
    QVERIFY_THROWS_EXCEPTION(ConfigError, ContinualStream(c, data));
  }

  // Stopped in the second task (mid-epoch), resumed by a fresh trainer: the same
  // matrix and weights as without the stop, for replay (the buffer's state) and EWC
  // (the Fisher and anchor's).
  void resumeMidSequenceIsBitExact() {
    const auto data = blobs(4, 6, 40, 3);
    const auto dir = std::filesystem::temp_directory_path() / ("comet_continual_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto ckpt = (dir / "checkpoint.pt").string();
    for (const auto* strategy : {"replay", "ewc"}) {
      const auto c = toyConfig(strategy, strategy == std::string("ewc") ? "task" : "class");
      const Outcome whole = train(c, data, -1, ckpt);
      QCOMPARE(toString(whole.summary.status), std::string("completed"));
      const Outcome resumed = train(c, data, 25, ckpt);  // 5 steps per epoch: epoch 5, task 2
      QCOMPARE(toString(resumed.summary.status), std::string("completed"));
      QCOMPARE(resumed.report.matrix, whole.report.matrix);
      QCOMPARE(resumed.report.randomInit, whole.report.randomInit);
      for (size_t k = 0; k < whole.weights.size(); ++k) QVERIFY2(resumed.weights[k].equal(whole.weights[k]), strategy);
    }
    std::filesystem::remove_all(dir);
  }

  // Two tasks of two classes, one head over all four (class-incremental): fine-tuning
  // on the second task forgets the first; replaying a buffer of the first keeps it.
  void fineTuningForgetsReplayLess() {
    const auto data = blobs(4, 6, 60, 4);
    const std::string ckpt = (std::filesystem::temp_directory_path() / "comet_continual_toy.pt").string();
    const auto config = [](const char* strategy) {
      auto c = toyConfig(strategy, "class");
      c.continual.epochsPerTask = {3, 20};  // long enough on the second task to forget the first
      return c;
    };
    const Outcome none = train(config("none"), data, -1, ckpt);
    const Outcome replay = train(config("replay"), data, -1, ckpt);
    qInfo("task 1 after task 2: fine-tuning %.3f, replay %.3f", none.report.matrix[1][0], replay.report.matrix[1][0]);
    std::filesystem::remove(ckpt);
    const double firstAfterNone = none.report.matrix[1][0], firstAfterReplay = replay.report.matrix[1][0];
    QVERIFY2(none.report.matrix[0][0] > 0.9, "the first task was learnt");
    QVERIFY2(firstAfterNone < none.report.matrix[0][0] - 0.2,
             qPrintable(QString("fine-tuning kept %1 of task 1").arg(firstAfterNone)));
    QVERIFY2(firstAfterReplay > firstAfterNone + 0.25,
             qPrintable(QString("replay %1, fine-tuning %2").arg(firstAfterReplay).arg(firstAfterNone)));
    QVERIFY(replay.report.figures.bwt > none.report.figures.bwt + 0.15);
  }

  // COMET keeps exactly k of N neurons per example, so every task's usage sums to k;
  // overlap and input similarity are symmetric; the blobs of one task are nearer each
  // other than those of another task.
  void masksPerTaskAtEachTaskEnd() {
    const auto data = blobs(4, 6, 40, 6);
    auto c = toyConfig("none", "task");
    c.model.method = "comet";
    c.model.pk = 0.25;  // k = 8 of 32
    const std::string ckpt = (std::filesystem::temp_directory_path() / "comet_continual_masks.pt").string();
    const Outcome out = train(c, data, -1, ckpt);
    std::filesystem::remove(ckpt);
    const auto& r = out.report;
    QCOMPARE(r.maskExamples, int64_t(80));  // 2 classes x 40 test examples per task
    QCOMPARE(r.masks.size(), size_t(1));
    const auto& layer = r.masks[0];
    QCOMPARE(layer.usage.size(), size_t(2));
    for (const auto& task : layer.usage) {
      double sum = 0;
      for (const double u : task) sum += u;
      QVERIFY2(std::abs(sum - 8.0) < 1e-4, qPrintable(QString("usage sums to %1").arg(sum)));
    }
    QVERIFY(std::abs(layer.overlap[0][1] - layer.overlap[1][0]) < 1e-6);
    for (const auto& row : layer.overlap)
      for (const double v : row) QVERIFY(v > 0 && v <= 1);
    QVERIFY(r.inputSimilarity[0][0] > r.inputSimilarity[0][1]);
    QVERIFY(std::abs(r.inputSimilarity[0][1] - r.inputSimilarity[1][0]) < 1e-6);
    // A method without masks records none.
    c.model.method = "standard";
    QVERIFY(train(c, data, -1, ckpt).report.masks.empty());
    std::filesystem::remove(ckpt);
  }

  void configErrorsNameTheKey() {
    const ExperimentConfig base = toyConfig("none", "auto");
    const auto problem = [&](const std::vector<std::string>& overrides) -> std::string {
      try {
        ConfigLoader::withOverrides(base, overrides);
        return "";
      } catch (const ConfigError& e) {
        return e.what();
      }
    };
    QVERIFY(problem({"continual.scenario=domain"}).find("continual.scenario") != std::string::npos);
    QVERIFY(problem({"continual.sequence=permuted", "continual.scenario=class", "continual.class_order=[]"})
                .find("continual.scenario") != std::string::npos);
    QVERIFY(problem({"continual.sequence=permuted"}).find("continual.class_order") != std::string::npos);
    QVERIFY(problem({"continual.epochs_per_task=[1, 2, 3]"}).find("continual.epochs_per_task") != std::string::npos);
    QVERIFY(problem({"continual.tasks=0"}).find("continual.tasks") != std::string::npos);
    QVERIFY(problem({"continual.strategy=replay", "continual.replay_buffer=0"}).find("continual.replay_buffer") !=
            std::string::npos);
    QVERIFY(problem({"continual.replay_buffer=-1"}).find("continual.replay_buffer") != std::string::npos);
    QVERIFY(problem({"data.dataset=csv"}).find("continual.sequence") != std::string::npos);
    QVERIFY(problem({"model.backbone=moe"}).find("continual.sequence") != std::string::npos);
    QVERIFY(problem({"model.method=comet", "model.execution=sparse"}).find("continual.scenario task") !=
            std::string::npos);
    QCOMPARE(problem({"continual.scenario=class"}), std::string());
    // What needs the data: a class the data does not have.
    auto c = base;
    c.continual.classOrder = {0, 1, 2, 7};
    const auto data = blobs(4, 6, 10, 5);
    try {
      ContinualStream stream(c, data);
      QFAIL("a class the data does not have was accepted");
    } catch (const ConfigError& e) {
      QVERIFY(std::string(e.what()).find("continual.class_order: class 7 is not in the dataset") != std::string::npos);
    }
  }
};

QTEST_GUILESS_MAIN(TestContinual)
#include "tst_continual.moc"
