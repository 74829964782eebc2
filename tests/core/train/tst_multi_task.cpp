// SPDX-License-Identifier: GPL-3.0-or-later
// Multi-task training (issue 11): the loss over tasks, per-task metrics, the gate
// statistics of a mixture of experts, the gates' own learning rate, and an exact
// resume of a mixture with local search.
#include <torch/torch.h>

#include <QtTest>

#include <atomic>
#include <filesystem>

#include "core/model/MultiGateMoe.h"
#include "core/run/RunDirectory.h"
#include "core/run/RunWriter.h"
#include "core/config/Execution.h"
#include "core/train/Trainer.h"
#include "core/util/Error.h"
#include "tests/support/ResumeCheck.h"

using namespace comet;

namespace {

// Two tasks a network can learn from 6 features: `sign` classifies whether
// x0 + x1 > 0 (2 classes), `level` regresses 2 x2 - x3.
std::shared_ptr<const DataSplits> twoTasks(int64_t n = 512) {
  torch::manual_seed(11);
  auto make = [](int64_t rows) {
    Dataset d;
    d.x = torch::randn({rows, 6});
    const auto sign = (d.x.select(1, 0) + d.x.select(1, 1) > 0).to(torch::kFloat);
    const auto level = 2 * d.x.select(1, 2) - d.x.select(1, 3);
    d.y = torch::stack({sign, level}, 1);
    return d;
  };
  auto data = std::make_shared<DataSplits>();
  data->train = make(n);
  data->val = make(128);
  data->test = make(128);
  data->tasks = {TaskSpec{"sign", Task::Classification, 2, {"no", "yes"}}, TaskSpec{"level", Task::Regression, 0, {}}};
  data->task = Task::Classification;
  data->numClasses = 2;
  data->inputShape = {6};
  data->description = "two synthetic tasks";
  return data;
}

ExperimentConfig config(const std::string& backbone, const std::string& gate = "comet_tree") {
  ExperimentConfig c;
  c.seed = 5;
  c.model.backbone = backbone;
  c.model.method = "standard";
  c.model.widths = {32};
  c.model.hiddenLayers = 1;
  c.model.gate = gate;
  c.model.experts = 4;
  c.model.gateK = gate == "hash" ? 1 : 2;
  c.model.gateEntropy = 0.1;
  c.train.epochs = 4;
  c.train.batchSize = 32;
  c.train.lr = 1e-2;
  c.probe.enabled = false;
  return c;
}

struct Recorder : TrainObserver {
  std::vector<EpochRecord> epochs;
  void epochFinished(const EpochRecord& e) override { epochs.push_back(e); }
};

double value(const NamedValues& values, const std::string& name) {
  for (const auto& [n, v] : values)
    if (n == name) return v;
  return std::nan("");
}

bool has(const NamedValues& values, const std::string& name) {
  for (const auto& [n, v] : values)
    if (n == name) return true;
  return false;
}

}  // namespace

class TestMultiTask : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  // Every backbone learns both tasks and reports each one.
  void bothTasksLearnAndAreReported_data() {
    QTest::addColumn<QString>("backbone");
    QTest::addColumn<QString>("gate");
    QTest::newRow("mlp") << "mlp" << "";
    for (const char* g : {"softmax", "topk", "dselect_k", "comet_tree", "hash"}) QTest::newRow(g) << "moe" << g;
  }
  void bothTasksLearnAndAreReported() {
    QFETCH(QString, backbone);
    QFETCH(QString, gate);
    const auto c = config(backbone.toStdString(), gate.isEmpty() ? "comet_tree" : gate.toStdString());
    Trainer trainer(c, twoTasks());
    Recorder rec;
    trainer.addObserver(&rec);
    std::atomic<bool> stop{false};
    const RunSummary s = trainer.run(stop);
    QCOMPARE(toString(s.status), std::string("completed"));
    QCOMPARE(rec.epochs.size(), size_t{4});
    const auto& first = rec.epochs.front().extra;
    const auto& last = rec.epochs.back().extra;
    for (const char* name : {"sign/train_loss", "sign/train_acc", "sign/val_loss", "sign/val_acc", "level/train_loss",
                             "level/val_loss"})
      QVERIFY2(has(last, name), name);
    QVERIFY(!has(last, "level/val_acc"));  // a regression task has no accuracy
    // The run's accuracy is the mean over its classification tasks: here the one.
    QCOMPARE(rec.epochs.back().valAcc, value(last, "sign/val_acc"));
    QVERIFY(value(last, "level/val_loss") < 0.7 * value(first, "level/val_loss"));
    QVERIFY(value(last, "sign/val_acc") > 0.8);
    // The objective is the sum of the task losses (weights 1).
    QVERIFY(std::abs(rec.epochs.back().valLoss - value(last, "sign/val_loss") - value(last, "level/val_loss")) < 1e-6);
    QVERIFY(has(s.extra, "sign/test_acc") && has(s.extra, "level/test_loss"));
    QCOMPARE(has(last, "gate/sign/nonzeros_mean"), backbone == "moe");
    if (backbone == "moe") {
      const double maxNz = value(last, "gate/level/nonzeros_max");
      QVERIFY(maxNz >= 1 && maxNz <= 4);
      if (gate == "hash" || gate == "topk") QCOMPARE(maxNz, double(c.model.gateK));
      QVERIFY(value(last, "gate/sign/nonzeros_mean") <= maxNz);
      QCOMPARE(std::isnan(value(last, "gate/sign/saturated")), gate != "comet_tree" && gate != "dselect_k");
    }
  }

  void taskWeightsScaleTheObjective() {
    auto c = config("mlp");
    c.train.taskWeights = {1.0, 0.0};
    c.train.epochs = 1;
    Trainer trainer(c, twoTasks());
    Recorder rec;
    trainer.addObserver(&rec);
    std::atomic<bool> stop{false};
    trainer.run(stop);
    QVERIFY(std::abs(rec.epochs[0].valLoss - value(rec.epochs[0].extra, "sign/val_loss")) < 1e-6);
    c.train.taskWeights = {1.0};
    QVERIFY_THROWS_EXCEPTION(ConfigError, Trainer(c, twoTasks()));
  }

  // Sparse execution trains one task: multi-task data makes auto choose dense.
  void sparseExecutionIsSingleTask() {
    ExperimentConfig c;
    c.model.pk = 0.1;
    c.train.optimizer = "sgd";
    QCOMPARE(resolvedExecution(c), std::string("sparse"));
    c.data.dataset = "multi_fashion_mnist";
    QVERIFY(QString::fromStdString(sparseIneligibility(c)).contains("data.dataset"));
    QCOMPARE(resolvedExecution(c), std::string("dense"));
  }

  void gatesHaveTheirOwnLearningRate() {
    auto c = config("moe");
    c.model.gateLr = 0.5;
    Trainer trainer(c, twoTasks());
    auto moe = std::dynamic_pointer_cast<MultiGateMoe>(trainer.network());
    QVERIFY(moe);
    // Train one step and check that only the gate group moved at its rate: with
    // Adam, a parameter's first step is lr * sign(gradient), up to epsilon.
    const auto gateBefore = moe->gateParameters().front().clone();
    const auto otherBefore = moe->nonGateParameters().front().clone();
    trainer.trainStep(torch::arange(32));
    const double gateStep = (moe->gateParameters().front() - gateBefore).abs().max().item<double>();
    const double otherStep = (moe->nonGateParameters().front() - otherBefore).abs().max().item<double>();
    QVERIFY2(std::abs(gateStep - 0.5) < 0.01, qPrintable(QString::number(gateStep)));
    QVERIFY2(std::abs(otherStep - 1e-2) < 1e-3, qPrintable(QString::number(otherStep)));
  }

  // Stopped after an epoch of the Sinkhorn phase and resumed, a mixture with local
  // search ends exactly where an uninterrupted run does, per-task metrics included.
  void resumeIsExact() {
    auto c = config("moe");
    c.model.localSearch = true;
    c.model.localSearchEpochs = 2;
    c.train.epochs = 3;
    const auto r = testing::stopAfterFirstEpochAndResume(c, twoTasks(256),
                                                         QDir::tempPath().toStdString() + "/comet_multi_task_resume");
    QCOMPARE(r.stoppedStatus, std::string("stopped"));
    QCOMPARE(r.epochsInCheckpoint, size_t{1});
    QCOMPARE(r.resumed.size(), size_t{2});
    for (size_t e = 0; e < 2; ++e) {
      const auto& got = r.resumed[e];
      const auto& want = r.straight[e + 1];
      QCOMPARE(got.trainLoss, want.trainLoss);
      QCOMPARE(got.extra.size(), want.extra.size());
      for (size_t i = 0; i < got.extra.size(); ++i) {
        QCOMPARE(got.extra[i].first, want.extra[i].first);
        const double a = got.extra[i].second, b = want.extra[i].second;
        QVERIFY2((std::isnan(a) && std::isnan(b)) || a == b, got.extra[i].first.c_str());
      }
    }
    QCOMPARE(r.resumedSummary.testLoss, r.straightSummary.testLoss);
  }

  // With the probe on, a mixture of experts' run directory holds each task's gate
  // probe (probe/gates_*.csv, after every epoch when asked), and the reader names
  // the tasks from summary.json.
  void gateProbeReachesTheRunDirectory() {
    auto c = config("moe", "topk");
    c.train.epochs = 2;
    c.probe.enabled = true;
    c.probe.everyEpoch = true;
    c.probe.examples = 100;
    const std::string dir = QDir::tempPath().toStdString() + "/comet_multi_task_gate_probe";
    std::filesystem::remove_all(dir);
    struct Probes : TrainObserver {
      std::vector<ProbeReport> reports;
      void probeFinished(const ProbeReport& r) override { reports.push_back(r); }
    } probes;
    {
      Trainer trainer(c, twoTasks(256));
      RunWriter writer(dir);
      trainer.addObserver(&writer);
      trainer.addObserver(&probes);
      std::atomic<bool> never{false};
      QCOMPARE(toString(trainer.run(never).status), std::string("completed"));
    }
    QCOMPARE(probes.reports.size(), size_t{2});  // after epoch 1, and at the end
    QCOMPARE(probes.reports[0].epoch, int64_t{1});
    QCOMPARE(probes.reports[1].epoch, int64_t{2});
    QCOMPARE(probes.reports[1].gates.size(), size_t{2});
    QVERIFY(probes.reports[1].layers.empty());  // no masks in a mixture
    const RunDirectory run = readRunDirectory(dir);
    std::filesystem::remove_all(dir);
    QCOMPARE(run.probe.examples, int64_t{100});
    QCOMPARE(run.probe.gates.size(), size_t{2});
    QCOMPARE(run.probe.gates[0].name, std::string("sign"));
    QCOMPARE(run.probe.gates[1].name, std::string("level"));
    QCOMPARE(run.probe.gates[0].classNames, (std::vector<std::string>{"no", "yes"}));
    QCOMPARE(run.probe.gates[0].weights, probes.reports[1].gates[0].weights);
    QCOMPARE(run.probe.gates[0].labels.size(), size_t{100});
    QVERIFY(run.probe.gates[0].maxNonZeros <= 2);  // top-k, k = 2
    QVERIFY(run.probe.gates[1].classMeanWeight.empty());  // a regression task
  }

  void metricsCsvCarriesNamedColumns() {
    const std::string text =
        "epoch,step,train_loss,train_acc,val_loss,val_acc,seconds,sign/val_acc,gate/sign/nonzeros_mean\n"
        "1,10,0.5,0.8,0.6,0.75,1.5,0.75,2\n"
        "2,20,0.4,0.85,0.5,0.8,1.4,0.8,null\n";
    const auto epochs = parseMetricsCsv(text, "metrics.csv");
    QCOMPARE(epochs.size(), size_t{2});
    QCOMPARE(epochs[1].extra.size(), size_t{2});
    QCOMPARE(epochs[1].extra[0].first, std::string("sign/val_acc"));
    QCOMPARE(epochs[1].extra[0].second, 0.8);
    QVERIFY(std::isnan(epochs[1].extra[1].second));
    try {
      parseMetricsCsv(text + "3,30,0.3,0.9,0.4,0.85,1.3,0.85,two\n", "metrics.csv");
      QFAIL("a word in a named column was accepted");
    } catch (const RunError& e) {
      QVERIFY2(QString(e.what()).contains("metrics.csv:4: column 'gate/sign/nonzeros_mean'"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(RunError, parseMetricsCsv(text + "3,30,0.3,0.9,0.4,0.85,1.3\n", "metrics.csv"));
  }
};

QTEST_GUILESS_MAIN(TestMultiTask)
#include "tst_multi_task.moc"
