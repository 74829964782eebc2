// SPDX-License-Identifier: GPL-3.0-or-later
// runExperiment writes a complete run directory that another tool can read.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include "core/config/ConfigLoader.h"
#include "core/run/ExperimentRun.h"
#include "core/run/RunDirectory.h"
#include "core/util/DirectoryLock.h"
#include "core/util/Error.h"
#include "core/util/Json.h"
#include "tests/support/TestData.h"

using namespace comet;

namespace {

QStringList lines(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
}

std::map<std::string, std::string> summaryOf(const QString& dir) {
  QFile f(dir + "/summary.json");
  f.open(QIODevice::ReadOnly);
  const auto items = parseFlatJson(f.readAll().toStdString());
  return {items.begin(), items.end()};
}

}  // namespace

class TestRunWriter : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir m_tmp;

 private Q_SLOTS:
  void runDirectoryIsComplete() {
    const std::string root = (m_tmp.path() + "/idx").toStdString();
    testing::writeIdxFolder(root, 200, 50, true);
    ExperimentRun run;
    run.config = ConfigLoader::loadString("", "test", {"data.dataset=idx", "data.root=" + root, "model.width=16",
                                                       "model.pk=0.25", "train.epochs=2", "train.batch_size=16",
                                                       "probe.examples=40", "probe.pair_examples=20"});
    const QString dir = m_tmp.path() + "/run";
    run.directory = dir.toStdString();
    std::atomic<bool> stop{false};
    const RunSummary s = runExperiment(run, stop);
    QCOMPARE(toString(s.status), std::string("completed"));

    const auto metrics = lines(dir + "/metrics.csv");
    QCOMPARE(metrics.size(), 3);  // header + 2 epochs
    QCOMPARE(metrics[0], QString("epoch,step,train_loss,train_acc,val_loss,val_acc,seconds"));
    QVERIFY(metrics[2].startsWith("2,20,"));  // 160 training examples / 16 = 10 steps per epoch
    QCOMPARE(lines(dir + "/steps.csv").size(), 21);
    const auto summary = summaryOf(dir);
    QCOMPARE(summary.at("status"), std::string("completed"));
    QCOMPARE(summary.at("method"), std::string("comet"));
    QCOMPARE(summary.at("width"), std::string("16"));
    QCOMPARE(summary.at("pk"), std::string("0.25"));
    QCOMPARE(summary.at("seed"), std::string("0"));
    QCOMPARE(summary.at("params_trainable"), std::to_string(784 * 16 + 16 + 2 * (16 * 16 + 16) + 16 * 10 + 10));
    for (const char* key : {"test_loss", "test_acc", "best_val_acc", "seconds"}) QVERIFY(summary.count(key));
    QCOMPARE(summary.at("execution"), std::string("dense"));  // Adam: sparse cannot run it
    QVERIFY(!summary.count("sparse_products"));
    // The resolved config reads back into the same experiment.
    const auto again = ConfigLoader::loadFile((dir + "/config.yaml").toStdString());
    QCOMPARE(toYaml(again), toYaml(run.config));
    QCOMPARE(lines(dir + "/probe/usage_layer1.csv").size(), 17);  // header + 16 neurons
    QCOMPARE(lines(dir + "/probe/overlap_classes_layer2.csv").size(), 11);
    QCOMPARE(lines(dir + "/probe/overlap_examples_layer3.csv").size(), 21);
    QVERIFY(QFileInfo(dir + "/model.pt").size() > 784 * 16 * 4);
    // No temporary files are left behind.
    QCOMPARE(QDir(dir).entryList({"*.tmp.*"}, QDir::Files).size(), 0);
  }

  // A sparse run says how each layer's products were computed.
  void sparseRunSaysItsProducts() {
    const std::string root = (m_tmp.path() + "/idx-sparse").toStdString();
    testing::writeIdxFolder(root, 200, 50, true);
    ExperimentRun run;
    run.config = ConfigLoader::loadString("", "test", {"data.dataset=idx", "data.root=" + root, "model.width=16",
                                                       "model.pk=0.25", "train.epochs=1", "train.batch_size=16",
                                                       "train.optimizer=sgd", "model.execution=sparse",
                                                       "probe.enabled=false"});
    const QString dir = m_tmp.path() + "/run-sparse";
    run.directory = dir.toStdString();
    std::atomic<bool> stop{false};
    QCOMPARE(toString(runExperiment(run, stop).status), std::string("completed"));
    const auto summary = summaryOf(dir);
    QCOMPARE(summary.at("execution"), std::string("sparse"));
    // Density 4/16 at batch 16 stays below the GEMM threshold (0.4): rows everywhere.
    QCOMPARE(parseJsonArray(summary.at("sparse_products")),
             (std::vector<std::string>{"column-dense", "column-dense", "column-dense"}));
  }

  // A task sequence's run directory: the per-task columns, the matrix and its figures
  // in summary.json, the per-task masks, and a directory that reads back (the sweep's
  // resume and report read it).
  void taskSequenceRunDirectory() {
    const std::string root = (m_tmp.path() + "/idx-continual").toStdString();
    testing::writeIdxFolder(root, 200, 50, true);
    ExperimentRun run;
    run.config = ConfigLoader::loadString("", "test", {"data.dataset=idx", "data.root=" + root, "model.width=16",
                                                       "model.pk=0.25", "train.batch_size=16", "probe.enabled=false",
                                                       "continual.sequence=split", "continual.epochs_per_task=1",
                                                       "continual.strategy=replay", "continual.replay_buffer=20"});
    const QString dir = m_tmp.path() + "/run-continual";
    run.directory = dir.toStdString();
    std::atomic<bool> stop{false};
    QCOMPARE(toString(runExperiment(run, stop).status), std::string("completed"));
    const auto metrics = lines(dir + "/metrics.csv");
    QCOMPARE(metrics.size(), 6);  // header + one epoch per task
    QVERIFY(metrics[0].endsWith(",continual/task1/test_acc,continual/task2/test_acc,continual/task3/test_acc,"
                                "continual/task4/test_acc,continual/task5/test_acc"));
    const auto summary = summaryOf(dir);
    QCOMPARE(summary.at("epochs"), std::string("5"));
    QCOMPARE(summary.at("continual/strategy"), std::string("replay"));
    QCOMPARE(summary.at("continual/tasks_done"), std::string("5"));
    QCOMPARE(parseJsonArray(summary.at("continual/R/task5")).size(), size_t(5));
    QCOMPARE(parseJsonArray(summary.at("continual/random_init")).size(), size_t(5));
    QCOMPARE(parseJsonArray(summary.at("continual/forgetting_per_task")).size(), size_t(4));
    QCOMPARE(lines(dir + "/probe/continual_overlap_layer1.csv").size(), 6);  // header + 5 tasks
    QCOMPARE(lines(dir + "/probe/continual_usage_layer3.csv").size(), 17);   // header + 16 neurons
    const RunDirectory back = readRunDirectory(dir.toStdString());
    double acc = -1;
    for (const auto& [name, value] : back.summary.extra)
      if (name == "continual/acc") acc = value;
    QCOMPARE(acc, std::stod(summary.at("continual/acc")));
  }

  void oneProcessPerRunDirectory() {
    // runDirectoryIsComplete left a finished run in m_tmp/run; hold its lock as
    // another process would (flock locks are per open file, so this conflicts too).
    const QString dir = m_tmp.path() + "/run";
    const auto before = QFileInfo(dir + "/model.pt").lastModified();
    auto holder = std::make_unique<DirectoryLock>(dir.toStdString());
    QString message;
    try {
      DirectoryLock second(dir.toStdString());
    } catch (const RunInUseError& e) {
      message = e.what();
    }
    QVERIFY2(message.contains("another comet process (pid " + QString::number(QCoreApplication::applicationPid()) +
                              ") is writing this run directory"),
             qPrintable(message));
    // A run into the locked directory is refused before it touches anything.
    ExperimentRun run;
    run.config = ConfigLoader::loadFile((dir + "/config.yaml").toStdString());
    run.directory = dir.toStdString();
    std::atomic<bool> stop{false};
    QVERIFY_THROWS_EXCEPTION(RunInUseError, runExperiment(run, stop));
    QVERIFY(QFileInfo::exists(dir + "/checkpoint.pt"));
    QCOMPARE(QFileInfo(dir + "/model.pt").lastModified(), before);
    // Released with its holder (the kernel does the same when a process dies).
    holder.reset();
    DirectoryLock again(dir.toStdString());
  }

  void badDataWritesNoRunDirectory() {
    ExperimentRun run;
    run.config = ConfigLoader::loadString("", "test", {"data.root=/nonexistent"});
    run.directory = (m_tmp.path() + "/never").toStdString();
    std::atomic<bool> stop{false};
    QVERIFY_THROWS_EXCEPTION(std::exception, runExperiment(run, stop));
    QVERIFY(!QFileInfo::exists(m_tmp.path() + "/never"));
  }
};

QTEST_GUILESS_MAIN(TestRunWriter)
#include "tst_run_writer.moc"
