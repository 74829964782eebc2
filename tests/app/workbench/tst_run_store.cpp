// SPDX-License-Identifier: GPL-3.0-or-later
// The workbench's run store: ids and colours, the session's reports applied to the
// runs, the signals the views listen to, and the outcome line.
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/workbench/RunStore.h"

using namespace comet;
using workbench::RunStore;

class TestRunStore : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void appliesTheSessionsReports() {
    RunStore store;
    QSignalSpy added(&store, &RunStore::runAdded);
    QSignalSpy changed(&store, &RunStore::runChanged);
    QSignalSpy steps(&store, &RunStore::stepsAppended);
    QSignalSpy probes(&store, &RunStore::probeChanged);
    QSignalSpy finished(&store, &RunStore::runFinished);
    const int a = store.add({}).id;
    const int b = store.add({}).id;
    QCOMPARE(a, 1);
    QCOMPARE(b, 2);
    QVERIFY(store.find(a)->colour != store.find(b)->colour);
    QCOMPARE(store.ids(), (std::vector<int>{1, 2}));
    QCOMPARE(added.count(), 2);

    store.markTraining(a);
    QCOMPARE(store.find(a)->summary.message, std::string("training"));
    store.appendSteps(a, {{1, 1, 2.0, 0.1}, {2, 1, 1.5, 0.2}});
    store.appendSteps(a, {{3, 1, 1.2, 0.3}});
    QCOMPARE(store.find(a)->steps.size(), size_t(3));
    QCOMPARE(steps.count(), 2);
    store.addEpoch(a, {1, 3, 1.5, 0.5, 1.4, 0.55, 2.0, {}});
    store.addEpoch(a, {2, 6, 1.1, 0.6, 1.2, 0.52, 3.0, {}});  // worse validation: the best stays
    QCOMPARE(store.find(a)->summary.epochsDone, int64_t(2));
    QCOMPARE(store.find(a)->summary.bestValAcc, 0.55);
    QCOMPARE(store.find(a)->summary.seconds, 5.0);
    ProbeReport report;
    report.epoch = 2;
    store.setProbe(a, report);
    QCOMPARE(store.find(a)->probe.epoch, int64_t(2));
    QCOMPARE(probes.count(), 1);

    // Reports about runs it does not hold change nothing.
    changed.clear();
    store.appendSteps(99, {{1, 1, 1.0, 0.1}});
    store.addEpoch(99, {1, 1, 1, 1, 1, 1, 1, {}});
    store.finish(99, {});
    QCOMPARE(changed.count(), 0);
    QCOMPARE(finished.count(), 0);

    RunSummary done;
    done.status = RunStatus::Completed;
    store.finish(a, done);
    RunSummary diverged;
    diverged.status = RunStatus::Diverged;
    diverged.divergedAtStep = 4;
    store.finish(b, diverged);
    QCOMPARE(finished.count(), 2);
    QCOMPARE(store.outcome({a, b}), QString("Finished: 1 completed, 1 diverged (see the Status column)"));
    QCOMPARE(store.outcome({a}), QString("Finished: 1 completed"));
  }

  void aFailedRunDropsItsEmptyFolder() {
    QTemporaryDir tmp;
    RunStore store;
    gui::RunData reserved;
    reserved.directory = tmp.filePath("reserved");
    QVERIFY(QDir().mkpath(reserved.directory));
    const int id = store.add(reserved).id;
    RunSummary failed;
    failed.status = RunStatus::Failed;
    failed.message = "data.root does not exist";
    store.finish(id, failed);
    QVERIFY(!QFileInfo::exists(reserved.directory));
    QCOMPARE(store.outcome({id}), QString("Finished: 1 failed (see the Status column)"));
  }
};

QTEST_GUILESS_MAIN(TestRunStore)
#include "tst_run_store.moc"
