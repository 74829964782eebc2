// SPDX-License-Identifier: GPL-3.0-or-later
// Checkpoints and resume: a run stopped mid-epoch and resumed ends exactly where an
// uninterrupted run with the same seed ends; divergence keeps the last good
// checkpoint; broken checkpoints and run directories give clear errors.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "core/config/ConfigLoader.h"
#include "core/data/DataLoader.h"
#include "core/run/ExperimentRun.h"
#include "core/run/RunDirectory.h"
#include "core/train/Checkpoint.h"
#include "core/train/Trainer.h"
#include "core/util/Error.h"
#include "tests/support/Fixtures.h"
#include "tests/support/TestData.h"

using namespace comet;

namespace {

struct StopAt : TrainObserver {
  std::atomic<bool>* flag = nullptr;
  int64_t at = 0;
  void stepFinished(const StepRecord& s) override {
    if (s.step == at) flag->store(true);
  }
};

std::vector<double> stepLosses(const std::string& dir) {
  std::vector<double> out;
  std::ifstream in(dir + "/steps.csv");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) out.push_back(std::stod(line.substr(line.rfind(',') + 1)));
  return out;
}

bool close(double a, double b, double rel = 1e-5) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::abs(a - b) <= rel * std::max({1e-12, std::abs(a), std::abs(b)});
}

}  // namespace

class TestCheckpoint : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir m_tmp;
  std::string m_root;

  ExperimentRun experiment(const std::string& name, const std::string& method,
                           const std::vector<std::string>& extra = {}) {
    std::vector<std::string> overrides = {"data.dataset=idx", "data.root=" + m_root, "model.width=32",
                                          "model.method=" + method, "model.pk=0.25", "train.epochs=3",
                                          "train.batch_size=16", "train.threads=1", "probe.examples=40",
                                          "probe.pair_examples=20", "seed=7"};
    overrides.insert(overrides.end(), extra.begin(), extra.end());
    ExperimentRun run;
    run.config = ConfigLoader::loadString("", "test", overrides);
    run.directory = (m_tmp.path() + "/" + QString::fromStdString(name)).toStdString();
    return run;
  }

 private Q_SLOTS:
  void initTestCase() {
    m_root = (m_tmp.path() + "/idx").toStdString();
    testing::writeIdxFolder(m_root, 400, 60, false);  // 320 training examples: 20 steps per epoch
  }

  void resumedRunMatchesUninterruptedRun_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<int>("stopAt");
    QTest::addColumn<QString>("everySteps");
    QTest::addColumn<QString>("execution");  // model.execution (sparse: with plain SGD)
    QTest::newRow("comet, mid-epoch") << "comet" << 27 << "0" << "dense";
    QTest::newRow("standard, mid-epoch, every 5 steps") << "standard" << 33 << "5" << "dense";
    QTest::newRow("comet, at an epoch boundary") << "comet" << 20 << "0" << "dense";
    QTest::newRow("comet sparse, mid-epoch") << "comet" << 27 << "0" << "sparse";
  }
  void resumedRunMatchesUninterruptedRun() {
    QFETCH(QString, method);
    QFETCH(int, stopAt);
    QFETCH(QString, everySteps);
    QFETCH(QString, execution);
    const std::string tag = method.toStdString() + std::to_string(stopAt) + execution.toStdString();
    std::vector<std::string> extra = {"train.checkpoint_every_steps=" + everySteps.toStdString(),
                                      "model.execution=" + execution.toStdString()};
    if (execution == "sparse") extra.push_back("train.optimizer=sgd");
    std::atomic<bool> noStop{false};
    const auto whole = experiment("whole-" + tag, method.toStdString(), extra);
    const RunSummary a = runExperiment(whole, noStop);
    QCOMPARE(toString(a.status), std::string("completed"));

    auto part = experiment("part-" + tag, method.toStdString(), extra);
    std::atomic<bool> stop{false};
    StopAt stopper;
    stopper.flag = &stop;
    stopper.at = stopAt;
    part.observers.push_back(&stopper);
    const RunSummary b = runExperiment(part, stop);
    QCOMPARE(toString(b.status), std::string("stopped"));
    const RunDirectory stopped = readRunDirectory(part.directory);
    QCOMPARE(toString(stopped.summary.status), std::string("stopped"));
    QVERIFY(stopped.hasCheckpoint);
    QCOMPARE(stopped.epochs.size(), size_t(stopAt / 20));
    QCOMPARE(stepLosses(part.directory).size(), size_t(stopAt));

    ExperimentRun again;
    again.config = stopped.config;
    again.directory = part.directory;
    again.resume = true;
    std::atomic<bool> noStop2{false};
    const RunSummary c = runExperiment(again, noStop2);
    QCOMPARE(toString(c.status), std::string("completed"));
    QCOMPARE(c.stepsDone, a.stepsDone);

    const auto ea = readRunDirectory(whole.directory).epochs;
    const auto ec = readRunDirectory(part.directory).epochs;
    QCOMPARE(ec.size(), ea.size());
    for (size_t i = 0; i < ea.size(); ++i) {
      QCOMPARE(ec[i].step, ea[i].step);
      QVERIFY2(close(ec[i].trainLoss, ea[i].trainLoss), qPrintable(QString("epoch %1 train loss %2 vs %3")
                                                                      .arg(i + 1).arg(ec[i].trainLoss, 0, 'g', 17)
                                                                      .arg(ea[i].trainLoss, 0, 'g', 17)));
      QVERIFY(close(ec[i].trainAcc, ea[i].trainAcc));
      QVERIFY(close(ec[i].valLoss, ea[i].valLoss));
      QVERIFY(close(ec[i].valAcc, ea[i].valAcc));
    }
    const auto la = stepLosses(whole.directory);
    const auto lc = stepLosses(part.directory);
    QCOMPARE(lc.size(), la.size());
    for (size_t i = 0; i < la.size(); ++i) QVERIFY2(close(la[i], lc[i]), qPrintable(QString("step %1").arg(i + 1)));
    QVERIFY(close(c.testLoss, a.testLoss));
    QVERIFY(close(c.testAcc, a.testAcc));
    QVERIFY(close(c.bestValLoss, a.bestValLoss));
  }

  void divergenceKeepsTheLastGoodCheckpoint() {
    torch::manual_seed(1);
    const auto data = testing::dataWithNaN();
    ExperimentConfig c = testing::divergingConfig();
    c.train.checkpointEverySteps = 1;
    const std::string path = (m_tmp.path() + "/diverged.pt").toStdString();
    Trainer trainer(c, data);
    trainer.setCheckpointPath(path);
    std::atomic<bool> stop{false};
    const RunSummary s = trainer.run(stop);
    QCOMPARE(toString(s.status), std::string("diverged"));
    Trainer fresh(c, data);
    if (s.divergedAtStep == 1) {
      QVERIFY(!QFile::exists(QString::fromStdString(path)));
      return;
    }
    fresh.resume(path);
    QCOMPARE(fresh.progress().stepsDone, s.divergedAtStep - 1);
    for (const auto& p : fresh.network()->parameters()) QVERIFY(torch::isfinite(p).all().item<bool>());
  }

  void brokenCheckpointsAreClearErrors() {
    const auto run = experiment("broken", "comet", {"train.epochs=1"});
    std::atomic<bool> noStop{false};
    runExperiment(run, noStop);
    const std::string ckpt = run.directory + "/checkpoint.pt";
    const std::string bytes = testing::readBytes(ckpt);
    QVERIFY(bytes.size() > 100);
    const auto data = std::make_shared<const DataSplits>(loadData(run.config.data, run.config.seed));
    // Truncated.
    testing::writeBytes(ckpt, bytes.substr(0, bytes.size() / 2));
    try {
      Trainer t(run.config, data);
      t.resume(ckpt);
      QFAIL("a truncated checkpoint was accepted");
    } catch (const RunError& e) {
      QVERIFY2(QString(e.what()).contains("checkpoint.pt: cannot read the checkpoint"), e.what());
    }
    // Written for another config.
    testing::writeBytes(ckpt, bytes);
    auto other = run.config;
    other.train.lr = 0.5;
    try {
      Trainer t(other, data);
      t.resume(ckpt);
      QFAIL("a checkpoint of another config was accepted");
    } catch (const RunError& e) {
      QVERIFY2(QString(e.what()).contains("different config"), e.what());
    }
  }

  // The progress is stored by name (format 2), and a format-1 checkpoint (by
  // position) is refused with a message that says what it is.
  void progressIsStoredByName() {
    const auto run = experiment("named", "comet", {"train.epochs=1"});
    std::atomic<bool> noStop{false};
    runExperiment(run, noStop);
    const std::string ckpt = run.directory + "/checkpoint.pt";
    torch::serialize::InputArchive archive;
    archive.load_from(ckpt);
    c10::IValue format;
    QVERIFY(archive.try_read("format", format));
    QCOMPARE(format.toInt(), int64_t(2));
    torch::serialize::InputArchive progress;
    archive.read("progress", progress);
    c10::IValue steps, epoch;
    QVERIFY(progress.try_read("steps_done", steps));
    QVERIFY(progress.try_read("epoch", epoch));
    QCOMPARE(steps.toInt(), int64_t(20));  // 320 examples, batch 16
    QCOMPARE(epoch.toInt(), int64_t(2));   // the first epoch finished
    torch::Tensor count;
    progress.read("loss_count", count);
    QCOMPARE(count.numel(), int64_t(1));
    QCOMPARE(count.item<int64_t>(), int64_t(0));  // the meters of the epoch in progress: none yet
    c10::IValue position;
    QVERIFY(!archive.try_read("position", position));

    torch::serialize::OutputArchive old;
    old.write("format", c10::IValue(int64_t(1)));
    old.write("position", torch::zeros({4}, torch::kLong));
    old.save_to(ckpt);
    const auto data = std::make_shared<const DataSplits>(loadData(run.config.data, run.config.seed));
    try {
      Trainer t(run.config, data);
      t.resume(ckpt);
      QFAIL("a format-1 checkpoint was accepted");
    } catch (const RunError& e) {
      QVERIFY2(QString(e.what()).contains("checkpoint.pt: checkpoint format 1 (written before the progress was stored by name)"), e.what());
    }
  }

  void notARunDirectoryIsAClearError() {
    const QString plain = m_tmp.path() + "/plain";
    QDir().mkpath(plain);
    try {
      readRunDirectory(plain.toStdString());
      QFAIL("accepted");
    } catch (const RunError& e) {
      QVERIFY2(QString(e.what()).contains("not a run directory: 'config.yaml' is missing"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(RunError, readRunDirectory((m_tmp.path() + "/nope").toStdString()));
    QVERIFY_THROWS_EXCEPTION(RunError, parseMetricsCsv("epoch,step\n1,2\n", "m.csv"));
    QVERIFY_THROWS_EXCEPTION(RunError, parseMetricsCsv(
        "epoch,step,train_loss,train_acc,val_loss,val_acc,seconds\n2,1,1,1,1,1,1\n", "m.csv"));
    RunDirectory d;
    QVERIFY_THROWS_EXCEPTION(RunError, parseSummaryJson("{\"status\": \"runn", "s.json", d));
    QVERIFY_THROWS_EXCEPTION(RunError, parseSummaryJson("{\"status\": \"sleeping\"}", "s.json", d));
  }
};

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "tst_checkpoint.moc"
