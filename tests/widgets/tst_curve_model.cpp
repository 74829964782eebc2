// SPDX-License-Identifier: GPL-3.0-or-later
// The curve data behind CurvePlot, without a widget: the EMA arithmetic, live
// appends against a full recompute, bucketing of long runs, seed means and bands,
// and where a diverged run gets its mark.
#include <QtTest>
#include <algorithm>
#include <cmath>

#include "widgets/CurveModel.h"

using namespace comet;
using namespace comet::gui;

namespace {

using Role = CurveModel::Role;

CurveModel::Options lossPerStep(double smoothing) {
  CurveModel::Options o;
  o.smoothing = smoothing;
  return o;
}

RunData runWithLosses(int id, const std::vector<double>& losses) {
  RunData r;
  r.id = id;
  for (size_t i = 0; i < losses.size(); ++i) r.steps.push_back({int64_t(i) + 1, 1, losses[i], 0});
  return r;
}

// A run of `steps` steps, 10 per epoch, with a varying loss and a few NaN steps.
void grow(RunData& r, int64_t steps) {
  for (int64_t s = int64_t(r.steps.size()) + 1; s <= steps; ++s) {
    r.steps.push_back({s, (s - 1) / 10 + 1, s % 13 == 0 ? NAN : 1.0 + std::sin(0.3 * double(s)), 0});
    if (s % 10 == 0) r.epochs.push_back({s / 10, s, 1.0 / double(s), 0.001 * double(s), 2.0 / double(s), 0.5, 1, {}});
  }
}

std::vector<double> keys(const CurveModel::Curve& c) {
  std::vector<double> k;
  for (const auto& p : c.points) k.push_back(p.key);
  return k;
}

std::vector<double> values(const CurveModel::Curve& c) {
  std::vector<double> v;
  for (const auto& p : c.points) v.push_back(p.value);
  return v;
}

void compareCurves(const CurveModel& a, const CurveModel& b) {
  QCOMPARE(a.curves().size(), b.curves().size());
  for (size_t i = 0; i < a.curves().size(); ++i) {
    QVERIFY(a.curves()[i].role == b.curves()[i].role);
    QCOMPARE(a.curves()[i].run, b.curves()[i].run);
    QCOMPARE(keys(a.curves()[i]), keys(b.curves()[i]));
    QCOMPARE(values(a.curves()[i]), values(b.curves()[i]));  // exact: the same arithmetic in the same order
  }
}

}  // namespace

class TestCurveModel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void emaIsHandComputed() {
    Ema ema{0.5};
    QCOMPARE(ema.add(1), 1.0);  // the first value starts the average
    QCOMPARE(ema.add(3), 2.0);  // 0.5 * 1 + 0.5 * 3
    QCOMPARE(ema.add(0), 1.0);
    QCOMPARE(ema.add(5), 3.0);
    Ema quarter{0.25};
    quarter.add(4);
    QCOMPARE(quarter.add(8), 7.0);  // 0.25 * 4 + 0.75 * 8

    // Through the model: a NaN step is skipped, not averaged and not drawn.
    RunData r = runWithLosses(1, {1, 3, NAN, 0, 5});
    CurveModel m;
    m.rebuild({&r}, lossPerStep(0.5));
    QCOMPARE(m.curves().size(), size_t(3));  // raw, smoothed, validation
    QVERIFY(m.curves()[0].role == Role::Raw);
    QVERIFY(m.curves()[1].role == Role::Train);
    QCOMPARE(keys(m.curves()[0]), (std::vector<double>{1, 2, 4, 5}));
    QCOMPARE(values(m.curves()[0]), (std::vector<double>{1, 3, 0, 5}));
    QCOMPARE(keys(m.curves()[1]), (std::vector<double>{1, 2, 4, 5}));
    QCOMPARE(values(m.curves()[1]), (std::vector<double>{1, 2, 1, 3}));
    // Weight 0: the smoothed curve is the raw one.
    m.rebuild({&r}, lossPerStep(0));
    QCOMPARE(values(m.curves()[1]), (std::vector<double>{1, 3, 0, 5}));
  }

  void appendEqualsFullRecompute() {
    for (const auto metric : {CurveModel::Metric::Loss, CurveModel::Metric::Accuracy, CurveModel::Metric::BitsPerCharacter})
      for (const auto axis : {CurveModel::XAxis::Step, CurveModel::XAxis::Epoch}) {
        RunData a, b;
        a.id = 1, b.id = 2;
        grow(a, 95);
        CurveModel::Options o = lossPerStep(0.8);
        o.metric = metric;
        o.xAxis = axis;
        CurveModel live;
        live.rebuild({&a, &b}, o);
        // Uneven chunks, past the bucketing limit (16384 -> 2, 32768 -> 4 steps a point).
        for (const int64_t to : {96, 101, 1234, 16384, 16385, 20001, 33333, 40007}) {
          grow(a, to);
          grow(b, to / 2);
          QVERIFY(live.append());
          CurveModel full;
          full.rebuild({&a, &b}, o);
          compareCurves(live, full);
        }
        if (live.perStep()) QCOMPARE(live.curves()[0].restarts, 2u);  // bucket 1 -> 2 -> 4
      }
  }

  // Bits per character: every loss curve (per step raw and smoothed, per epoch
  // train and validation) divided by ln 2; accuracy has no such curve.
  void bitsPerCharacterIsLossOverLn2() {
    RunData r = runWithLosses(1, {1, 3, NAN, 0, 5});
    r.epochs.push_back({1, 5, 2.0, 0.5, 1.5, 0.6, 1, {}});
    CurveModel loss, bits;
    loss.rebuild({&r}, lossPerStep(0.5));
    auto o = lossPerStep(0.5);
    o.metric = CurveModel::Metric::BitsPerCharacter;
    bits.rebuild({&r}, o);
    QVERIFY(bits.perStep());
    QCOMPARE(bits.curves().size(), loss.curves().size());
    for (size_t c = 0; c < loss.curves().size(); ++c) {
      QCOMPARE(keys(bits.curves()[c]), keys(loss.curves()[c]));
      for (size_t i = 0; i < loss.curves()[c].points.size(); ++i)
        QVERIFY(std::abs(bits.curves()[c].points[i].value - loss.curves()[c].points[i].value / std::log(2.0)) < 1e-12);
    }
    QCOMPARE(values(bits.curves()[2]).front(), 1.5 / std::log(2.0));  // validation, per epoch
    o.xAxis = CurveModel::XAxis::Epoch;
    bits.rebuild({&r}, o);
    QCOMPARE(values(bits.curves()[0]), (std::vector<double>{2.0 / std::log(2.0)}));  // train, per epoch
  }

  void appendRefusesShrunkRuns() {
    RunData a;
    grow(a, 50);
    CurveModel m;
    m.rebuild({&a}, lossPerStep(0.5));
    a.steps.resize(20);
    QVERIFY(!m.append());
  }

  void longRunsAreBucketed() {
    // 40002 steps: more than 2 * 16384, so 4 steps a point; the last 2 steps wait for a full bucket.
    std::vector<double> losses(40002, 1.0);
    losses[1000] = 9;   // step 1001, in the bucket of steps 1001..1004
    losses[1002] = -1;  // step 1003, same bucket: its minimum after its maximum
    losses[2000] = NAN;
    RunData r = runWithLosses(1, losses);
    CurveModel m;
    m.rebuild({&r}, lossPerStep(0.9));
    const auto& raw = m.curves()[0];
    const auto& smooth = m.curves()[1];
    QCOMPARE(smooth.points.size(), size_t(10000));
    QVERIFY(raw.points.size() <= 2 * CurveModel::kMaxStepPoints);
    QCOMPARE(smooth.points.front().key, 4.0);
    QCOMPARE(smooth.points.back().key, 40000.0);
    QCOMPARE(raw.points.back().key, 39997.0);  // a flat bucket: its first step
    // Max and min of one bucket, each at its own step, in step order.
    const auto spike =
        std::find_if(raw.points.begin(), raw.points.end(), [](const CurvePoint& p) { return p.value == 9; });
    QVERIFY(spike != raw.points.end());
    QCOMPARE(spike->key, 1001.0);
    QCOMPARE((spike + 1)->key, 1003.0);
    QCOMPARE((spike + 1)->value, -1.0);
    // A flat bucket gives one raw point; the spiky one gives two.
    QCOMPARE(raw.points.size(), size_t(10000 + 1));
    // Each smoothed point is the EMA over every finite step up to its bucket's end.
    Ema ema{0.9};
    for (size_t i = 0; i < 1004; ++i) ema.add(losses[i]);
    QCOMPARE(smooth.points[250].key, 1004.0);
    QCOMPARE(smooth.points[250].value, ema.value);
  }

  void seedGroupsHaveMeanAndBand() {
    RunData a, b, c, other;
    for (auto* r : {&a, &b, &c, &other}) r->config.seed = uint64_t(r == &b) + 2 * uint64_t(r == &c);
    a.id = 1, b.id = 2, c.id = 3, other.id = 4;
    other.config.model.pk = 0.25;  // a different config: on its own
    a.steps = {{1, 1, 1, 0}, {2, 1, 3, 0}};
    b.steps = {{1, 1, 3, 0}, {2, 1, 1, 0}, {3, 1, 7, 0}};  // longer: the mean stops at the shortest
    c.steps = {{1, 1, 5, 0}, {2, 1, 5, 0}};
    a.epochs = {{1, 2, 0, 0, 0.4, 0, 1, {}}};
    b.epochs = {{1, 2, 0, 0, 0.6, 0, 1, {}}};
    c.epochs = {{1, 2, 0, 0, 1.1, 0, 1, {}}};
    other.epochs = {{1, 2, 0, 0, 0.5, 0, 1, {}}};
    CurveModel::Options o = lossPerStep(0.5);
    o.seedMean = true;
    CurveModel m;
    m.rebuild({&other, &a, &b, &c}, o);
    const auto& cs = m.curves();
    // (low, high, mean) for train, then for validation; then the single run: raw, train, val.
    QCOMPARE(cs.size(), size_t(9));
    const Role order[] = {Role::BandLow, Role::BandHigh, Role::Mean, Role::BandLow, Role::BandHigh,
                          Role::Mean,    Role::Raw,      Role::Train, Role::Val};
    for (size_t i = 0; i < 9; ++i) QVERIFY(cs[i].role == order[i]);
    QCOMPARE(cs[2].seeds, size_t(3));
    QCOMPARE(cs[2].run, &a);  // the group's first run names it
    QVERIFY(!cs[2].val && cs[5].val);
    QCOMPARE(cs[6].run, &other);
    // Smoothed per seed at weight 0.5: a 1, 2; b 3, 2; c 5, 5.
    QCOMPARE(keys(cs[2]), (std::vector<double>{1, 2}));
    QCOMPARE(values(cs[0]), (std::vector<double>{1, 2}));
    QCOMPARE(values(cs[1]), (std::vector<double>{5, 5}));
    QCOMPARE(values(cs[2]), (std::vector<double>{3, 3}));
    // Validation at the epoch's step.
    QCOMPARE(keys(cs[5]), (std::vector<double>{2}));
    QCOMPARE(cs[3].points[0].value, 0.4);
    QCOMPARE(cs[4].points[0].value, 1.1);
    QCOMPARE(cs[5].points[0].value, (0.4 + 0.6 + 1.1) / 3);
    // Without seed means every run is on its own.
    o.seedMean = false;
    m.rebuild({&other, &a, &b, &c}, o);
    QCOMPARE(m.curves().size(), size_t(12));
  }

  // Multi-task runs: one task's own columns, per epoch (no per-step task losses).
  void taskCurvesReadTheTaskColumns() {
    RunData r;
    r.id = 1;
    r.steps = {{1, 1, 9, 0}, {2, 2, 9, 0}};
    r.epochs = {{1, 1, 5, 0.5, 6, 0.4, 1, {{"a/train_loss", 0.7}, {"a/val_loss", 0.8}, {"b/train_loss", 0.1}}},
                {2, 2, 4, 0.6, 5, 0.5, 1, {{"a/train_loss", 0.3}, {"a/val_loss", 0.6}, {"b/train_loss", 0.2}}}};
    CurveModel::Options o = lossPerStep(0.5);
    o.task = "a";
    CurveModel m;
    m.rebuild({&r}, o);
    const auto& cs = m.curves();
    QCOMPARE(cs.size(), size_t(2));  // train and validation; no raw per-step curve
    QVERIFY(cs[0].role == Role::Train && cs[1].role == Role::Val);
    QCOMPARE(values(cs[0]), (std::vector<double>{0.7, 0.3}));
    QCOMPARE(values(cs[1]), (std::vector<double>{0.8, 0.6}));
    o.task.clear();
    m.rebuild({&r}, o);
    QCOMPARE(m.curves().size(), size_t(3));  // the run's own loss has its per-step curve
    QCOMPARE(values(m.curves()[2]), (std::vector<double>{6, 5}));
  }

  void divergedRunIsMarkedAtItsLastTrainingPoint() {
    RunData ok = runWithLosses(1, {1, 1, 1});
    RunData bad = runWithLosses(2, {1, 2, 4, NAN, NAN});
    bad.summary.status = RunStatus::Diverged;
    bad.summary.divergedAtStep = 4;
    bad.epochs = {{1, 2, 1.5, 0, 1.6, 0, 1, {}}, {2, 4, NAN, 0, NAN, 0, 1, {}}};
    CurveModel m;
    m.rebuild({&bad, &ok}, lossPerStep(0.5));
    // The mark comes after every run's curves, one point on the smoothed curve's end.
    QCOMPARE(m.curves().size(), size_t(7));
    const auto& mark = m.curves().back();
    QVERIFY(mark.role == Role::DivergenceMark);
    QCOMPARE(mark.run, &bad);
    QCOMPARE(mark.points.size(), size_t(1));
    QCOMPARE(mark.points[0].key, 3.0);
    QCOMPARE(mark.points[0].value, 2.75);  // EMA at weight 0.5: 1, 1.5, 2.75
    QVERIFY(m.curves()[1].role == Role::Train && m.curves()[4].role == Role::Train);
    // Against epochs: the last epoch with a finite training loss.
    CurveModel::Options o = lossPerStep(0.5);
    o.xAxis = CurveModel::XAxis::Epoch;
    m.rebuild({&bad, &ok}, o);
    QCOMPARE(m.curves().size(), size_t(5));  // train and val per run, then the mark
    QVERIFY(m.curves().back().role == Role::DivergenceMark);
    QCOMPARE(m.curves().back().points[0].key, 1.0);
    QCOMPARE(m.curves().back().points[0].value, 1.5);
    // A run that did not diverge gets none.
    bad.summary.status = RunStatus::Completed;
    m.rebuild({&bad, &ok}, o);
    QCOMPARE(m.curves().size(), size_t(4));
  }
};

QTEST_GUILESS_MAIN(TestCurveModel)
#include "tst_curve_model.moc"
