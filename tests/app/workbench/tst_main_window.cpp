// SPDX-License-Identifier: GPL-3.0-or-later
// The window while a run trains: the GUI thread stays responsive, the curves
// fill in, and closing the window stops the run with a complete run directory.
#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>
#include <qcustomplot.h>

#include "app/workbench/MainWindow.h"
#include "widgets/ConfigForm.h"
#include "widgets/CurvePlot.h"
#include "widgets/RunsTable.h"
#include "widgets/UsageView.h"

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
    // close() joined the worker thread; the session turns idle once that thread's
    // end reaches the event loop, and the run is stopped, not still training.
    QTRY_VERIFY_WITH_TIMEOUT(!window->session().isRunning(), 10000);
    QCOMPARE(toString(window->run(ids.front())->summary.status), std::string("stopped"));
    delete window;
    QFile summary(QDir(dir).filePath("summary.json"));
    QVERIFY(summary.open(QIODevice::ReadOnly));
    QVERIFY(summary.readAll().contains("\"stopped\""));
    QVERIFY(QFileInfo(QDir(dir).filePath("model.pt")).size() > 0);
  }

  void divergedRunIsMarked() {
    QTemporaryDir tmp;
    workbench::MainWindow window;
    window.setRunsFolder(tmp.path());
    ExperimentConfig c;
    c.name = "diverge";
    c.data.trainSubset = 500;
    c.data.testSubset = 200;
    c.data.std = {1e-36};  // inputs of order 1e36: the first SGD step overflows the weights
    c.model.method = "standard";
    c.model.widths = {32};
    c.train.optimizer = "sgd";
    c.train.lr = 1;
    c.train.epochs = 1;
    c.train.threads = 1;
    window.form()->setConfig(c);
    QSignalSpy done(&window.session(), &workbench::TrainingSession::sessionFinished);
    QVERIFY(window.startRuns());
    QVERIFY(done.wait(60000));
    window.curves()->refreshNow();

    const int id = window.runIds().front();
    const auto* run = window.run(id);
    QCOMPARE(toString(run->summary.status), std::string("diverged"));
    QCOMPARE(run->summary.divergedAtStep, int64_t(2));
    // The runs table: status text with the step, a warning icon, red.
    auto* table = window.runsTable();
    QTableWidgetItem* status = nullptr;
    for (int col = 0; col < table->columnCount(); ++col)
      if (table->horizontalHeaderItem(col)->text() == "Status") status = table->item(0, col);
    QVERIFY(status);
    QCOMPARE(status->text(), QString("diverged at step 2"));
    QVERIFY(!status->icon().isNull());
    QCOMPARE(status->foreground().color(), gui::problemColour());
    QVERIFY(status->toolTip().contains("NaN at step 2"));
    // The curves: the legend names the step; a cross marks where it stopped.
    auto* plot = window.curves()->plot();
    QCPGraph* mark = nullptr;
    bool named = false;
    for (int i = 0; i < plot->graphCount(); ++i) {
      if (plot->graph(i)->name().endsWith(" diverged")) mark = plot->graph(i);
      if (plot->graph(i)->name().contains("train (diverged at step 2)")) named = true;
    }
    QVERIFY(named);
    QVERIFY(mark);
    QCOMPARE(mark->data()->size(), 1);
    QCOMPARE(mark->scatterStyle().shape(), QCPScatterStyle::ssCross);
    QCOMPARE(mark->data()->at(0)->key, 1.0);  // the last good step
    // The status bar keeps the outcome once the session is idle.
    QCOMPARE(window.statusBar()->currentMessage(), QString("Finished: 1 diverged (see the Status column)"));
    // The window stays usable: another run can start.
    QVERIFY(window.startRuns());
    QVERIFY(done.wait(60000));
    QCOMPARE(window.runIds().size(), size_t(2));
  }

  // A run picked in the runs table, or opened from disk, puts its config in the
  // form; Re-run trains it again as a new run; its probe says how many examples
  // it probed (issue 9: the form stayed on defaults, the count said 0).
  void selectedRunFillsTheFormAndReruns() {
    QTemporaryDir tmp;
    QString dir;
    {
      workbench::MainWindow window;
      window.setRunsFolder(tmp.path());
      ExperimentConfig c;
      c.name = "picked";
      c.data.trainSubset = 500;
      c.data.testSubset = 200;
      c.model.widths = {32};
      c.model.pk = 0.25;
      c.train.lr = 0.01;
      c.train.epochs = 1;
      c.train.threads = 1;
      c.probe.examples = 90;
      c.probe.pairExamples = 30;
      window.form()->setConfig(c);
      QSignalSpy done(&window.session(), &workbench::TrainingSession::sessionFinished);
      QVERIFY(window.startRuns());
      QVERIFY(done.wait(60000));
      dir = window.run(window.runIds().front())->directory;
    }
    workbench::MainWindow window;
    window.setRunsFolder(tmp.path());
    QVERIFY(window.openConfig(COMET_SOURCE_DIR "/experiments/quickstart.yaml").isEmpty());
    QCOMPARE(window.form()->config().name, std::string("quickstart"));
    QVERIFY(window.openRunDirectory(dir).isEmpty());
    QCOMPARE(window.form()->config().name, std::string("picked"));
    QCOMPARE(window.form()->config().train.lr, 0.01);
    QCOMPARE(window.form()->config().model.pk, 0.25);
    bool counted = false;
    for (auto* label : window.usageView()->findChildren<QLabel*>())
      if (label->text().contains("probed examples: 90")) counted = true;
    QVERIFY(counted);

    // Re-run, whatever the form holds: a new run of the selected run's config.
    QVERIFY(window.openConfig(COMET_SOURCE_DIR "/experiments/quickstart.yaml").isEmpty());
    const int opened = window.runIds().front();
    QVERIFY(window.rerunSelected());
    QSignalSpy done(&window.session(), &workbench::TrainingSession::sessionFinished);
    QVERIFY(done.wait(60000));
    const auto ids = window.runIds();
    QCOMPARE(ids.size(), size_t(2));
    const auto* again = window.run(ids.back());
    QCOMPARE(again->config.name, std::string("picked"));
    QCOMPARE(again->config.train.lr, 0.01);
    QCOMPARE(toString(again->summary.status), std::string("completed"));
    QVERIFY(again->directory != dir);
    QVERIFY(QFileInfo::exists(QDir(again->directory).filePath("summary.json")));

    // Picking a run in the table (the re-run is current now) puts its config in the form.
    QVERIFY(window.openConfig(COMET_SOURCE_DIR "/experiments/quickstart.yaml").isEmpty());
    window.runsTable()->selectRun(opened);
    QCOMPARE(window.form()->config().name, std::string("picked"));
    QCOMPARE(window.form()->config().model.widths, std::vector<int64_t>{32});
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
