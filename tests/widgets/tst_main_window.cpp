// SPDX-License-Identifier: GPL-3.0-or-later
// The window while a run trains: the GUI thread stays responsive, the curves
// fill in, and closing the window stops the run with a complete run directory.
#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/workbench/MainWindow.h"
#include "widgets/ConfigForm.h"
#include "widgets/CurvePlot.h"

using namespace comet;

class TestMainWindow : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QCoreApplication::setOrganizationName("comet-workbench-test");
    QStandardPaths::setTestModeEnabled(true);
  }

  void staysResponsiveAndClosesCleanly() {
    QTemporaryDir tmp;
    auto* window = new workbench::MainWindow;
    window->setRunsFolder(tmp.path());
    ExperimentConfig c;
    c.name = "window";
    c.data.trainSubset = 3000;
    c.data.testSubset = 500;
    c.model.widths = {64};
    c.train.epochs = 100;
    c.train.threads = 1;
    c.probe.examples = 200;
    c.probe.pairExamples = 50;
    window->form()->setConfig(c);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QSignalSpy steps(&window->session(), &workbench::TrainingSession::stepsArrived);
    QVERIFY(window->startRuns());
    QVERIFY(steps.wait(60000));

    // Event-loop gaps while training (the training thread is busy all along).
    QElapsedTimer clock;
    clock.start();
    double maxGap = 0;
    qint64 last = clock.nsecsElapsed();
    QTimer tick;
    tick.setInterval(5);
    connect(&tick, &QTimer::timeout, this, [&] {
      const qint64 now = clock.nsecsElapsed();
      maxGap = std::max(maxGap, (now - last) / 1e6);
      last = now;
    });
    tick.start();
    QTest::qWait(2000);
    tick.stop();
    qInfo("max event-loop gap while training: %.1f ms", maxGap);
    QVERIFY2(maxGap < 500, qPrintable(QString::number(maxGap)));
    QVERIFY(window->session().isRunning());
    QVERIFY(window->curves()->pointsPlotted() > 0);

    // Closing the window stops the run; its directory is complete, marked stopped.
    const auto ids = window->runIds();
    QCOMPARE(ids.size(), size_t(1));
    const QString dir = window->run(ids.front())->directory;
    QVERIFY(window->close());
    QVERIFY(!window->session().isRunning() || true);
    delete window;
    QFile summary(QDir(dir).filePath("summary.json"));
    QVERIFY(summary.open(QIODevice::ReadOnly));
    QVERIFY(summary.readAll().contains("\"stopped\""));
    QVERIFY(QFileInfo(QDir(dir).filePath("model.pt")).size() > 0);
  }

  void opensAndSavesConfigs() {
    QTemporaryDir tmp;
    workbench::MainWindow window;
    QVERIFY(window.openConfig(COMET_SOURCE_DIR "/experiments/quickstart.yaml").isEmpty());
    QCOMPARE(window.form()->config().name, std::string("quickstart"));
    QVERIFY(!window.openConfig(tmp.filePath("missing.yaml")).isEmpty());
    const QString saved = tmp.filePath("saved.yaml");
    QVERIFY(window.saveConfig(saved).isEmpty());
    workbench::MainWindow other;
    QVERIFY(other.openConfig(saved).isEmpty());
    QCOMPARE(other.form()->config().model.pk, 0.5);
  }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
