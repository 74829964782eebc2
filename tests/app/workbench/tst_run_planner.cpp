// SPDX-License-Identifier: GPL-3.0-or-later
// What a Start trains and where, without a window: the form's configs per seed,
// then each comparison method (--compare) with the same settings; unknown methods
// refused with a message that names them; run directories reserved on disk, never
// the same twice.
#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include "app/workbench/RunPlanner.h"

using namespace comet;
using workbench::PlannedRun;
using workbench::RunPlanner;

namespace {

// The form's configs for seeds 0 and 1 (ConfigForm::configsPerSeed).
std::vector<ExperimentConfig> perSeed(const std::string& method = "comet") {
  std::vector<ExperimentConfig> configs;
  for (uint64_t seed : {0, 1}) {
    ExperimentConfig c;
    c.name = "planned";
    c.seed = seed;
    c.model.method = method;
    c.model.pk = 0.25;
    c.model.widths = {64, 32};
    configs.push_back(c);
  }
  return configs;
}

}  // namespace

class TestRunPlanner : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void withoutComparisonsTrainsTheFormsConfigs() {
    const RunPlanner planner;
    const auto configs = planner.expand(perSeed());
    QCOMPARE(configs.size(), size_t(2));
    QCOMPARE(configs[0].seed, uint64_t(0));
    QCOMPARE(configs[1].seed, uint64_t(1));
    QCOMPARE(configs[1].model.method, std::string("comet"));
  }

  // Each method after the form's, every seed of it, the other settings as the form's.
  void comparisonsAddEachMethodPerSeed() {
    RunPlanner planner;
    QCOMPARE(planner.setCompareMethods({"standard", "topk"}), QString());
    QCOMPARE(planner.compareMethods(), QStringList({"standard", "topk"}));
    const auto configs = planner.expand(perSeed());
    QCOMPARE(configs.size(), size_t(6));
    const std::vector<std::pair<std::string, uint64_t>> expected = {
        {"comet", 0}, {"comet", 1}, {"standard", 0}, {"standard", 1}, {"topk", 0}, {"topk", 1}};
    for (size_t i = 0; i < configs.size(); ++i) {
      QCOMPARE(configs[i].model.method, expected[i].first);
      QCOMPARE(configs[i].seed, expected[i].second);
      QCOMPARE(configs[i].name, std::string("planned"));
      QCOMPARE(configs[i].model.pk, 0.25);
      QCOMPARE(configs[i].model.widths, (std::vector<int64_t>{64, 32}));
    }
  }

  // Comparing with the form's own method does not train it twice.
  void theFormsMethodIsNotTrainedTwice() {
    RunPlanner planner;
    QCOMPARE(planner.setCompareMethods({"comet", "standard"}), QString());
    const auto configs = planner.expand(perSeed("comet"));
    QCOMPARE(configs.size(), size_t(4));
    QCOMPARE(configs[2].model.method, std::string("standard"));
    QCOMPARE(configs[3].model.method, std::string("standard"));
  }

  void anUnknownMethodIsRefused() {
    RunPlanner planner;
    QCOMPARE(planner.setCompareMethods({"standard"}), QString());
    const QString error = planner.setCompareMethods({"topk", "comt"});
    QVERIFY2(error.contains("unknown method 'comt'"), qPrintable(error));
    QVERIFY2(error.contains("did you mean 'comet'?"), qPrintable(error));
    QVERIFY2(error.contains("known methods: standard, "), qPrintable(error));
    // Nothing changed: Start still trains what it did.
    QCOMPARE(planner.compareMethods(), QStringList({"standard"}));
    QCOMPARE(planner.expand(perSeed()).size(), size_t(4));
    const QString far = planner.setCompareMethods({"gradient_boosting"});
    QVERIFY2(far.contains("unknown method 'gradient_boosting'") && !far.contains("did you mean"), qPrintable(far));
  }

  // RUNS/<name>-<method>-s<seed>-<time>, made on disk at once: equal configs in the
  // same second, and a second Start, get directories of their own.
  void reservedDirectoriesAreDistinct() {
    QTemporaryDir tmp;
    const RunPlanner planner(tmp.filePath("runs"));
    auto configs = perSeed();
    configs.push_back(configs[0]);
    const auto first = planner.reserve(configs);
    const auto second = planner.reserve(configs);
    QCOMPARE(first.size(), size_t(3));
    QCOMPARE(second.size(), size_t(3));
    QSet<QString> seen;
    for (const auto* runs : {&first, &second})
      for (const PlannedRun& run : *runs) {
        QVERIFY2(QFileInfo(run.directory).isDir(), qPrintable(run.directory));
        QCOMPARE(QFileInfo(run.directory).absolutePath(), QDir(tmp.filePath("runs")).absolutePath());
        const QString expectedStart = QStringLiteral("planned-comet-s%1-").arg(run.config.seed);
        QVERIFY2(QFileInfo(run.directory).fileName().startsWith(expectedStart), qPrintable(run.directory));
        QVERIFY(run.config.probe.everyEpoch);  // the views follow every epoch
        QVERIFY2(!seen.contains(run.directory), qPrintable(run.directory));
        seen.insert(run.directory);
      }
    QCOMPARE(seen.size(), 6);
    QCOMPARE(QDir(tmp.filePath("runs")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 6);
  }

  void aSweepGoesIntoTheRunsFolder() {
    const RunPlanner planner("/data/runs");
    QCOMPARE(planner.sweepFolder("/src/experiments/fig4_reduced.yaml"), QString("/data/runs/fig4_reduced"));
  }
};

QTEST_GUILESS_MAIN(TestRunPlanner)
#include "tst_run_planner.moc"
