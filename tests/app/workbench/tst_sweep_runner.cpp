// SPDX-License-Identifier: GPL-3.0-or-later
// The workbench's sweep launcher: `comet sweep` as a child process that finishes
// with its cells on disk, stops cleanly on request (exit 130, resumable), and
// says why when it cannot start.
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/workbench/SweepRunner.h"

using namespace comet::workbench;

class TestSweepRunner : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir m_tmp;

  QString writeSweep(const QString& name, int epochs, int seeds) {
    const QString path = m_tmp.filePath(name + ".yaml");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(QStringLiteral("experiment: %1/experiments/quickstart.yaml\n"
                           "config:\n"
                           "  data: {train_subset: 600, test_subset: 200}\n"
                           "  model: {width: 16}\n"
                           "  train: {epochs: %2, threads: 1}\n"
                           "  probe: {examples: 50, pair_examples: 20}\n"
                           "grid:\n"
                           "  model.method: [standard, comet]\n"
                           "seeds: %3\n")
                .arg(COMET_SOURCE_DIR)
                .arg(epochs)
                .arg(seeds)
                .toUtf8());
    return path;
  }

 private Q_SLOTS:
  void runsASweepToTheEnd() {
    SweepRunner runner;
    QSignalSpy finished(&runner, &SweepRunner::finished);
    const QString out = m_tmp.filePath("done");
    QCOMPARE(runner.start(writeSweep("done", 1, 1), out), QString());
    QVERIFY(runner.isRunning());
    QCOMPARE(runner.start(writeSweep("again", 1, 1), m_tmp.filePath("again")), QString("A sweep is already running."));
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.first().at(0).toInt(), 0);
    QCOMPARE(finished.first().at(1).toString(), QString("Sweep complete."));
    QVERIFY(!runner.isRunning());
    const QStringList cells = QDir(out).entryList({"0*"}, QDir::Dirs);
    QCOMPARE(cells.size(), 2);
    for (const QString& cell : cells) {
      QFile summary(QDir(out).filePath(cell + "/summary.json"));
      QVERIFY(summary.open(QIODevice::ReadOnly));
      QVERIFY(summary.readAll().contains("\"completed\""));
    }
  }

  void stopsCleanly() {
    SweepRunner runner;
    QSignalSpy finished(&runner, &SweepRunner::finished);
    QSignalSpy output(&runner, &SweepRunner::outputLine);
    const QString out = m_tmp.filePath("long");
    QCOMPARE(runner.start(writeSweep("long", 200, 3), out), QString());
    // Stop once the first cell trains (its run directory has a summary.json).
    QTRY_VERIFY_WITH_TIMEOUT(!QDir(out).entryList({"0000_*"}, QDir::Dirs).isEmpty() &&
                                 QFile::exists(QDir(out).filePath(QDir(out).entryList({"0000_*"}, QDir::Dirs)
                                                                      .first() + "/summary.json")),
                             60000);
    runner.stop();
    QVERIFY(finished.count() == 1 || finished.wait(30000));
    QCOMPARE(finished.first().at(0).toInt(), 130);
    QCOMPARE(finished.first().at(1).toString(), QString("Sweep stopped; run it again to resume."));
  }

  void saysWhyItCannotStart() {
    SweepRunner runner;
    runner.setCometExecutable(m_tmp.filePath("no-such-comet"));
    QVERIFY(runner.start(writeSweep("x", 1, 1), m_tmp.filePath("x")).startsWith("Cannot find the comet command line"));
    QVERIFY(!runner.isRunning());
  }
};

QTEST_GUILESS_MAIN(TestSweepRunner)
#include "tst_sweep_runner.moc"
