// SPDX-License-Identifier: GPL-3.0-or-later
// Continual learning's torch-free parts: the accuracy matrix's figures against
// hand computations, reservoir sampling's equal chances, and how a dataset becomes
// a task sequence (class split, per-task permutations).
#include <QtTest>

#include <cmath>
#include <set>

#include "core/data/TaskSplit.h"
#include "core/train/ContinualMetrics.h"
#include "core/util/Error.h"
#include "core/util/Reservoir.h"

using namespace comet;

namespace {

bool near(double a, double b) { return std::abs(a - b) < 1e-12; }

AccuracyMatrix matrix(const std::vector<std::vector<double>>& rows) {
  AccuracyMatrix r(static_cast<int64_t>(rows.size()));
  for (size_t i = 0; i < rows.size(); ++i)
    for (size_t j = 0; j < rows[i].size(); ++j) r.set(int64_t(i), int64_t(j), rows[i][j]);
  return r;
}

}  // namespace

class TestContinualMetrics : public QObject {
  Q_OBJECT
 private slots:
  // Three tasks, by hand:
  //            task 0  task 1  task 2
  //   after 0   0.90    0.20    0.10
  //   after 1   0.60    0.95    0.15
  //   after 2   0.50    0.70    0.80
  // ACC = (0.5 + 0.7 + 0.8) / 3 = 0.666...
  // BWT = ((0.5 - 0.9) + (0.7 - 0.95)) / 2 = -0.325
  // FWT against b = (0.1, 0.1, 0.1): ((0.2 - 0.1) + (0.15 - 0.1)) / 2 = 0.075
  // forgetting: task 0 max(0.9, 0.6) - 0.5 = 0.4; task 1 max(0.2, 0.95) - 0.7 = 0.25; mean 0.325
  void figuresByHand() {
    const auto r = matrix({{0.90, 0.20, 0.10}, {0.60, 0.95, 0.15}, {0.50, 0.70, 0.80}});
    const ContinualFigures f = continualFigures(r, {0.1, 0.1, 0.1});
    QCOMPARE(f.tasksDone, int64_t(3));
    QVERIFY(near(f.acc, 2.0 / 3));
    QVERIFY(near(f.bwt, -0.325));
    QVERIFY(near(f.fwt, 0.075));
    QCOMPARE(f.forgetting.size(), size_t(2));
    QVERIFY(near(f.forgetting[0], 0.4));
    QVERIFY(near(f.forgetting[1], 0.25));
    QVERIFY(near(f.meanForgetting, 0.325));
  }

  // Forgetting takes the best of every earlier row, also rows before the task
  // was trained (Chaudhry et al. 2018): here task 1 was best before its own
  // training (0.8), so its forgetting is 0.8 - 0.6, not 0.7 - 0.6.
  void forgettingTakesEveryEarlierRow() {
    const auto r = matrix({{0.9, 0.8, 0.0}, {0.9, 0.7, 0.0}, {0.9, 0.6, 0.9}});
    const ContinualFigures f = continualFigures(r);
    QVERIFY(near(f.forgetting[1], 0.2));
    QVERIFY(std::isnan(f.fwt));  // no random-initialisation accuracies
  }

  // A sequence stopped after its second task reports the figures of two tasks.
  void aSequenceInProgress() {
    AccuracyMatrix r(3);
    r.set(0, 0, 0.9);
    r.set(0, 1, 0.1);
    r.set(0, 2, 0.1);
    r.set(1, 0, 0.5);
    r.set(1, 1, 0.8);
    const ContinualFigures f = continualFigures(r);
    QCOMPARE(f.tasksDone, int64_t(2));
    QVERIFY(near(f.acc, 0.65));
    QVERIFY(near(f.bwt, -0.4));
    const ContinualFigures one = continualFigures(matrix({{0.7}}));
    QVERIFY(near(one.acc, 0.7));
    QVERIFY(std::isnan(one.bwt));
    QVERIFY(std::isnan(one.meanForgetting));
    QCOMPARE(continualFigures(AccuracyMatrix(4)).tasksDone, int64_t(0));
    QCOMPARE(r.rows().size(), size_t(3));
    QVERIFY(std::isnan(r.rows()[2][2]));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, r.at(3, 0));
  }

  // Every item of a stream of 1000 ends in a 100-slot reservoir with probability
  // 0.1: over 2000 seeded streams each item's count is Binomial(2000, 0.1), mean
  // 200, sd 13.4. A chi-square statistic over the 1000 items (999 degrees of
  // freedom: mean 999, sd 44.7) stays below 999 + 5 sd; keeping the first 100
  // items, or the last 100, would give a statistic near 1.8e6.
  void reservoirKeepsEveryItemEqually() {
    const int64_t n = 1000, m = 100, streams = 2000;
    std::vector<int64_t> kept(static_cast<size_t>(n), 0);
    for (int64_t s = 0; s < streams; ++s) {
      Reservoir r(m, static_cast<uint64_t>(s));
      for (int64_t i = 0; i < n; ++i) r.offer(i);
      QCOMPARE(int64_t(r.items().size()), m);
      QCOMPARE(int64_t(std::set<int64_t>(r.items().begin(), r.items().end()).size()), m);  // no item twice
      for (const int64_t i : r.items()) ++kept[static_cast<size_t>(i)];
    }
    const double expected = double(streams) * double(m) / double(n);
    double chi2 = 0;
    for (const int64_t k : kept) chi2 += (double(k) - expected) * (double(k) - expected) / expected;
    QVERIFY2(chi2 < 999 + 5 * 44.7, qPrintable(QString("chi-square %1").arg(chi2)));
    // Seeded: the same stream and seed give the same buffer.
    Reservoir a(10, 3), b(10, 3);
    for (int64_t i = 0; i < 500; ++i) QCOMPARE(a.offer(i), b.offer(i));
    QCOMPARE(a.items(), b.items());
    QCOMPARE(a.seen(), int64_t(500));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Reservoir(-1, 0));
  }

  void classSplit() {
    const auto given = splitClasses(10, 5, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, 0);
    QCOMPARE(given.size(), size_t(5));
    QCOMPARE(given[0], (std::vector<int64_t>{9, 8}));
    QCOMPARE(given[4], (std::vector<int64_t>{1, 0}));
    // Seeded: every class once, the same for the same seed, another for another seed.
    const auto a = splitClasses(10, 5, {}, 1), b = splitClasses(10, 5, {}, 1), c = splitClasses(10, 5, {}, 2);
    QCOMPARE(a, b);
    QVERIFY(a != c);
    std::set<int64_t> all;
    for (const auto& task : a) {
      QCOMPARE(task.size(), size_t(2));
      all.insert(task.begin(), task.end());
    }
    QCOMPARE(all.size(), size_t(10));
    // Uneven: 10 classes in 3 tasks of 4, 3, 3.
    const auto uneven = splitClasses(10, 3, {}, 0);
    QCOMPARE(uneven[0].size(), size_t(4));
    QCOMPARE(uneven[2].size(), size_t(3));
  }

  void classSplitErrorsNameTheKey() {
    const auto message = [](auto f) -> QString {
      try {
        f();
      } catch (const ConfigError& e) {
        return e.what();
      }
      return "accepted";
    };
    QVERIFY(message([] { splitClasses(10, 0, {}, 0); }).startsWith("continual.tasks: 0 tasks"));
    QVERIFY(message([] { splitClasses(10, 11, {}, 0); }).contains("without examples"));
    QVERIFY(message([] { splitClasses(4, 2, {0, 1, 1, 2}, 0); }).startsWith("continual.class_order: class 1 is named twice"));
    QVERIFY(message([] { splitClasses(4, 2, {0, 1, 2, 7}, 0); }).contains("class 7 is not in the dataset"));
    QVERIFY(message([] { splitClasses(4, 2, {0, 1, 2}, 0); }).contains("class 3 is missing"));
  }

  void permutationsAreFixedPerTask() {
    const auto p0 = taskPermutation(784, 0, 5, true);
    for (int64_t i = 0; i < 784; ++i) QCOMPARE(p0[size_t(i)], i);
    const auto p1 = taskPermutation(784, 1, 5, true), again = taskPermutation(784, 1, 5, true);
    const auto p2 = taskPermutation(784, 2, 5, true), otherSeed = taskPermutation(784, 1, 6, true);
    QCOMPARE(p1, again);
    QVERIFY(p1 != p2);
    QVERIFY(p1 != otherSeed);
    QCOMPARE(std::set<int64_t>(p1.begin(), p1.end()).size(), size_t(784));  // a permutation
    QVERIFY(taskPermutation(784, 0, 5, false) != p0);                        // task 0 permuted too
  }
};

QTEST_GUILESS_MAIN(TestContinualMetrics)
#include "tst_continual_metrics.moc"
