// SPDX-License-Identifier: GPL-3.0-or-later
// The training session on its worker thread: a tiny run reports progress and
// finishes; Stop in the middle and Pause/Resume behave; failures are reported,
// not thrown; what it writes reads back through RunLoader.
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/workbench/TrainingSession.h"
#include "core/run/ExperimentRun.h"
#include "widgets/RunLoader.h"

using namespace comet;
using workbench::TrainingSession;

namespace {

ExperimentConfig tinyConfig(int64_t epochs = 1) {
  ExperimentConfig c;
  c.name = "tiny";
  c.data.trainSubset = 500;
  c.data.testSubset = 500;
  c.model.widths = {32};
  c.train.epochs = epochs;
  c.train.threads = 1;
  c.probe.examples = 200;
  c.probe.pairExamples = 50;
  return c;
}

QString readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

}  // namespace

class TestTrainingSession : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void tinyRunReportsProgressAndFinishes() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("run");
    TrainingSession session;
    QSignalSpy progressed(&session, &TrainingSession::progressed);
    QSignalSpy epochs(&session, &TrainingSession::epochFinished);
    QSignalSpy probes(&session, &TrainingSession::probeFinished);
    QSignalSpy finished(&session, &TrainingSession::runFinished);
    QSignalSpy done(&session, &TrainingSession::sessionFinished);
    session.start({{7, tinyConfig(), dir.toStdString()}});
    QVERIFY(session.isRunning());
    QVERIFY(done.wait(120000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toInt(), 7);
    const auto summary = finished.at(0).at(1).value<RunSummary>();
    QVERIFY2(summary.status == RunStatus::Completed, summary.message.c_str());
    QVERIFY(progressed.count() >= 1);
    QCOMPARE(epochs.count(), 1);
    QVERIFY(probes.count() >= 1);
    const auto report = probes.last().at(1).value<ProbeReport>();
    QCOMPARE(report.layers.size(), size_t(3));
    QVERIFY(!session.isRunning());

    // What the run wrote reads back.
    const gui::RunData back = gui::RunLoader::load(dir);
    QVERIFY(back.summary.status == RunStatus::Completed);
    QCOMPARE(back.epochs.size(), size_t(1));
    QCOMPARE(back.steps.size(), size_t(back.epochs.front().step));
    QCOMPARE(back.probe.layers.size(), size_t(3));
    QCOMPARE(back.probe.layers[0].usage.frequency.size(), size_t(32));
    QCOMPARE(back.probe.numClasses, int64_t(10));
    QVERIFY(back.config.probe.everyEpoch);  // GUI runs probe every epoch
    QVERIFY(std::isfinite(back.summary.testAcc));
  }

  void stopInTheMiddleLeavesACompleteStoppedRun() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("run");
    TrainingSession session;
    QSignalSpy steps(&session, &TrainingSession::stepsArrived);
    QSignalSpy finished(&session, &TrainingSession::runFinished);
    QSignalSpy done(&session, &TrainingSession::sessionFinished);
    auto config = tinyConfig(200);
    session.start({{1, config, dir.toStdString()}, {2, config, tmp.filePath("never").toStdString()}});
    QVERIFY(steps.wait(60000));
    // Pause: no steps arrive while paused.
    session.setPaused(true);
    QTest::qWait(300);
    steps.clear();
    QTest::qWait(400);
    QCOMPARE(steps.count(), 0);
    QVERIFY(session.isPaused());
    // Stop wakes the paused worker; the queued second run never starts.
    session.requestStop();
    QVERIFY(done.wait(60000));
    QCOMPARE(finished.count(), 1);
    const auto summary = finished.at(0).at(1).value<RunSummary>();
    QVERIFY2(summary.status == RunStatus::Stopped, summary.message.c_str());
    QVERIFY(readAll(QDir(dir).filePath("summary.json")).contains("\"stopped\""));
    for (const char* f : {"config.yaml", "metrics.csv", "steps.csv", "model.pt"})
      QVERIFY2(QFileInfo(QDir(dir).filePath(f)).size() > 0, f);
    QVERIFY(!QFileInfo::exists(tmp.filePath("never")));
    QVERIFY(!session.isPaused());
  }

  void badDataIsAFailedRunNotACrash() {
    QTemporaryDir tmp;
    TrainingSession session;
    QSignalSpy finished(&session, &TrainingSession::runFinished);
    QSignalSpy done(&session, &TrainingSession::sessionFinished);
    auto config = tinyConfig();
    config.data.root = tmp.filePath("no-such-data").toStdString();
    session.start({{3, config, tmp.filePath("run").toStdString()}});
    QVERIFY(done.wait(60000));
    QCOMPARE(finished.count(), 1);
    const auto summary = finished.at(0).at(1).value<RunSummary>();
    QVERIFY(summary.status == RunStatus::Failed);
    QVERIFY(!summary.message.empty());
  }
};

QTEST_MAIN(TestTrainingSession)
#include "tst_training_session.moc"
