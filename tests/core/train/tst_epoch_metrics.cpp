// SPDX-License-Identifier: GPL-3.0-or-later
// The torch-free metrics of a run: the meters, the names
// (core/util/MetricNames.h) and the per-epoch and summary metrics that
// EpochMetrics builds from them.
#include <QtTest>
#include <cmath>

#include "core/train/EpochMetrics.h"
#include "core/util/Meter.h"
#include "core/util/MetricNames.h"

using namespace comet;

namespace {

std::vector<std::string> names(const NamedValues& values) {
  std::vector<std::string> out;
  for (const auto& [name, value] : values) out.push_back(name);
  return out;
}

double valueOf(const NamedValues& values, const std::string& name) {
  for (const auto& [n, v] : values)
    if (n == name) return v;
  return NAN;
}

}  // namespace

class TestEpochMetrics : public QObject {
  Q_OBJECT
 private slots:
  void meterMeansOverExamples() {
    MeanMeter m;
    QVERIFY(std::isnan(m.mean()));
    m.add(2.0, 3);  // a batch of 3 with mean 2
    m.add(5.0, 1);
    QCOMPARE(m.count(), int64_t(4));
    QCOMPARE(m.sum(), 11.0);
    QCOMPARE(m.mean(), 11.0 / 4);
    MeanMeter c;
    c.addTotal(3.0, 4);  // 3 correct of 4
    c.addTotal(1.0, 4);
    QCOMPARE(c.mean(), 0.5);
    const MeanMeter r = MeanMeter::restored(m.sum(), m.count());
    QCOMPARE(r.mean(), m.mean());
    m.reset();
    QCOMPARE(m.count(), int64_t(0));
    QVERIFY(std::isnan(m.mean()));
  }

  void taskNamesRoundTrip() {
    QCOMPARE(metric::task("top_left", metric::kVal, metric::kAcc), std::string("top_left/val_acc"));
    QCOMPARE(metric::gate("top_left", metric::kGateSaturated), std::string("gate/top_left/saturated"));
    QCOMPARE(metric::languageModel(metric::kTest, metric::kBitsPerCharacter), std::string("lm/test_bpc"));
    QCOMPARE(metric::taskOf("top_left/train_loss", metric::kTrain, metric::kLoss).value_or("-"),
             std::string("top_left"));
    // Not a task's training loss: another quantity, a gate's statistic, the
    // language model's and the learning rate's own prefixes, the plain column.
    QVERIFY(!metric::taskOf("top_left/train_acc", metric::kTrain, metric::kLoss));
    QVERIFY(!metric::taskOf("gate/top_left/train_loss", metric::kTrain, metric::kLoss));
    QVERIFY(!metric::taskOf("lm/train_loss", metric::kTrain, metric::kLoss));
    QVERIFY(!metric::taskOf("train_loss", metric::kTrain, metric::kLoss));
    QVERIFY(!metric::taskOf("/train_loss", metric::kTrain, metric::kLoss));
  }

  // A multi-task run with a schedule: per task train then val (no accuracy for
  // a regression task), the learning rate, then the network's statistics, in
  // the order metrics.csv has always had them.
  void multiTaskEpochInOrder() {
    TrainConfig train;
    train.lr = 0.1;
    train.lrSchedule = "cosine";
    train.finalLrFraction = 0.0;
    EpochMetrics m({{"digit", true}, {"size", false}}, false, train, 10);
    Evaluation tr, val;
    tr.loss = 1.0;
    tr.taskLoss = {0.5, 2.0};
    tr.taskAccuracy = {0.75, NAN};
    val.loss = 1.5;
    val.taskLoss = {0.6, 2.5};
    val.taskAccuracy = {0.7, NAN};
    val.statistics = {{metric::gate("digit", metric::kGateNonZerosMean), 2.0}};
    const NamedValues e = m.epoch(tr, val, 10);
    const std::vector<std::string> expected = {"digit/train_loss", "digit/train_acc",         "size/train_loss",
                                               "digit/val_loss",   "digit/val_acc",           "size/val_loss",
                                               "train/lr",         "gate/digit/nonzeros_mean"};
    QCOMPARE(names(e), expected);
    QCOMPARE(valueOf(e, "digit/train_acc"), 0.75);
    QCOMPARE(valueOf(e, "size/val_loss"), 2.5);
    QVERIFY(std::abs(valueOf(e, "train/lr")) < 1e-12);  // the last step of a cosine schedule to 0
    // Every task metric names its task back.
    for (const auto& name : {"digit", "size"})
      QCOMPARE(
          metric::taskOf(metric::task(name, metric::kTrain, metric::kLoss), metric::kTrain, metric::kLoss).value_or(""),
          std::string(name));
    Evaluation test = val;
    test.statistics = {};
    QCOMPARE(names(m.summary(test)), (std::vector<std::string>{"digit/test_loss", "digit/test_acc", "size/test_loss"}));
  }

  void languageModelInBitsAndPerplexity() {
    TrainConfig train;  // constant rate: no train/lr
    EpochMetrics m({}, true, train, 10);
    Evaluation tr, val;
    tr.loss = std::log(2.0) * 3;  // 3 bits per character
    val.loss = std::log(4.0);
    const NamedValues e = m.epoch(tr, val, 5);
    QCOMPARE(names(e), (std::vector<std::string>{"lm/train_bpc", "lm/val_bpc", "lm/val_perplexity"}));
    QVERIFY(std::abs(valueOf(e, "lm/train_bpc") - 3.0) < 1e-12);
    QVERIFY(std::abs(valueOf(e, "lm/val_bpc") - 2.0) < 1e-12);
    QVERIFY(std::abs(valueOf(e, "lm/val_perplexity") - 4.0) < 1e-12);
    QCOMPARE(names(m.summary(val)), (std::vector<std::string>{"lm/test_bpc", "lm/test_perplexity"}));
  }

  void singleTaskHasNoExtraMetrics() {
    EpochMetrics m({}, false, TrainConfig{}, 10);
    Evaluation e;
    e.loss = 1;
    QVERIFY(m.epoch(e, e, 3).empty());
    QVERIFY(m.summary(e).empty());
  }
};

QTEST_GUILESS_MAIN(TestEpochMetrics)
#include "tst_epoch_metrics.moc"
