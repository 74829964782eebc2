// SPDX-License-Identifier: GPL-3.0-or-later
// Live curves: points are appended incrementally, EMA smoothing is right, and
// runs that differ only by seed collapse to a mean with a min-max band.
#include <QtTest>
#include <qcustomplot.h>

#include "widgets/CurvePlot.h"

using namespace comet;

namespace {

gui::RunData run(int id, uint64_t seed, double offset) {
  gui::RunData r;
  r.id = id;
  r.colour = gui::runColour(id);
  r.config.seed = seed;
  for (int s = 1; s <= 100; ++s) r.steps.push_back({s, 1, offset + 1.0, 0});
  r.epochs.push_back({1, 100, 1, 0.5 + offset, 1, 0.4 + offset, 1, {}});
  return r;
}

QCPRange valueRange(QCPGraph* g) {
  bool found = false;
  return g->getValueRange(found);
}

}  // namespace

class TestCurvePlot : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void appendsNewPointsOnly() {
    gui::RunData a = run(1, 0, 0);
    gui::CurvePlot plot;
    plot.setSmoothing(0.5);
    plot.setRuns({&a});
    plot.refreshNow();
    // raw + smoothed per step, one validation point
    QCOMPARE(plot.pointsPlotted(), int64_t(201));
    a.steps.push_back({101, 2, 3.0, 0});
    plot.dataAppended();
    plot.refreshNow();
    QCOMPARE(plot.pointsPlotted(), int64_t(203));
    // The EMA of a constant 1 followed by 3 at weight 0.5 is 2.
    auto* smooth = plot.plot()->graph(1);
    QCOMPARE((smooth->data()->constEnd() - 1)->value, 2.0);
    QCOMPARE(plot.replotMs().size(), size_t(2));
  }

  void longRunsAreBucketedWithMinAndMax() {
    gui::RunData a;
    a.id = 1;
    for (int s = 1; s <= 100000; ++s) a.steps.push_back({s, 1, s == 50000 ? 9.0 : (s == 70001 ? -1.0 : 1.0), 0});
    gui::CurvePlot plot;
    plot.setRuns({&a});
    plot.refreshNow();
    auto* raw = plot.plot()->graph(0);
    auto* smooth = plot.plot()->graph(1);
    QVERIFY(raw->data()->size() <= 2 * 16384);
    QVERIFY(smooth->data()->size() <= 16384);
    QVERIFY(smooth->data()->size() >= 100000 / 8);
    // The spikes survive bucketing, at their own steps.
    QCOMPARE(valueRange(raw).upper, 9.0);
    QCOMPARE(valueRange(raw).lower, -1.0);
    QCOMPARE(raw->data()->findBegin(50000, false)->key, 50000.0);
    QCOMPARE(plot.dataPoints(), int64_t(100000));
    // Growing further re-buckets and still covers the whole run.
    for (int s = 100001; s <= 200000; ++s) a.steps.push_back({s, 2, 1.0, 0});
    plot.dataAppended();
    plot.refreshNow();
    QVERIFY(raw->data()->size() <= 2 * 16384);
    QVERIFY((raw->data()->constEnd() - 1)->key > 199000);
    QCOMPARE(valueRange(raw).upper, 9.0);
  }

  void seedGroupsShowMeanAndBand() {
    gui::RunData a = run(1, 0, 0.0), b = run(2, 1, 0.2), other = run(3, 0, 0.1);
    other.config.model.pk = 0.25;  // a different config: drawn on its own
    gui::CurvePlot plot;
    plot.setMetric(gui::CurvePlot::Metric::Accuracy);
    plot.setSeedMean(true);
    plot.setRuns({&a, &b, &other});
    plot.refreshNow();
    // group: (low, high, mean) x (train, val) = 6 graphs; the single run: train + val
    QCOMPARE(plot.plot()->graphCount(), 8);
    bool foundMean = false;
    for (int i = 0; i < plot.plot()->graphCount(); ++i) {
      auto* g = plot.plot()->graph(i);
      if (g->name().contains("mean of 2 seeds") && g->name().endsWith("val")) {
        QCOMPARE(g->data()->begin()->value, 0.5);  // (0.4 + 0.6) / 2
        foundMean = true;
      }
    }
    QVERIFY(foundMean);
    plot.setSeedMean(false);
    plot.refreshNow();
    QCOMPARE(plot.plot()->graphCount(), 6);  // train + val per run
  }
};

QTEST_MAIN(TestCurvePlot)
#include "tst_curve_plot.moc"
