// SPDX-License-Identifier: GPL-3.0-or-later
// The gates of METHOD.md section 2 (COMET, Top-k, DSelect-k, hash routing) and the
// pieces of permutation local search (Sinkhorn, the Hungarian algorithm): each
// against its definition, a closed form or brute force.
#include <torch/torch.h>

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "core/model/gates/CometTreeGate.h"
#include "core/model/gates/DSelectKGate.h"
#include "core/model/gates/Gate.h"
#include "core/model/gates/HashGate.h"
#include "core/model/gates/Hungarian.h"
#include "core/model/gates/PermutedGate.h"
#include "core/model/gates/Sinkhorn.h"
#include "core/model/gates/SmoothStep.h"
#include "core/util/Error.h"

using namespace comet;

namespace {

constexpr int64_t kIn = 10;

GateOptions options(const std::string& type, int64_t n = 6, int64_t k = 2) {
  GateOptions o;
  o.type = type;
  o.experts = n;
  o.k = k;
  return o;
}

// Non-zero entries of each row.
torch::Tensor nonZeros(const torch::Tensor& g) { return (g > 0).sum(1); }

bool rowsOnSimplex(const torch::Tensor& g, double tol = 1e-5) {
  return (g >= 0).all().item<bool>() && torch::allclose(g.sum(1), torch::ones({g.size(0)}, g.options()), 0, tol);
}

// Multiplies every parameter whose name contains `name` by `factor`.
void scale(torch::nn::Module& m, const std::string& name, double factor) {
  torch::NoGradGuard g;
  for (auto& p : m.named_parameters())
    if (p.key().find(name) != std::string::npos) p.value().mul_(factor);
}

std::string configError(const GateOptions& o) {
  try {
    createGate(o, kIn);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

double assignmentValue(const std::vector<std::vector<double>>& s, const std::vector<int64_t>& sigma) {
  double v = 0;
  for (size_t i = 0; i < s.size(); ++i) v += s[i][static_cast<size_t>(sigma[i])];
  return v;
}

}  // namespace

class TestGates : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { torch::manual_seed(1); }

  void smoothStepMatchesClosedForm() {
    for (double gamma : {1.0, 0.5, 3.0}) {
      const double h = gamma / 2, e = 1e-3 * gamma;
      std::vector<double> ts = {-10 * gamma, -h - e, -h, -h + e, -0.3 * gamma, -e, 0, e, 0.2 * gamma, h - e, h, h + e,
                                10 * gamma, 1e30, -1e30};
      auto t = torch::tensor(ts, torch::kDouble).requires_grad_(true);
      const auto s = smoothStep(t, gamma);
      s.sum().backward();
      for (size_t i = 0; i < ts.size(); ++i) {
        const double x = ts[i];
        const double closed = x <= -h ? 0 : x >= h ? 1 : -2 * x * x * x / std::pow(gamma, 3) + 3 * x / (2 * gamma) + 0.5;
        const double slope = (x <= -h || x >= h) ? 0 : -6 * x * x / std::pow(gamma, 3) + 3 / (2 * gamma);
        QVERIFY2(std::abs(s[static_cast<int64_t>(i)].item<double>() - closed) < 1e-12, qPrintable(QString::number(x)));
        QVERIFY2(std::abs(t.grad()[static_cast<int64_t>(i)].item<double>() - slope) < 1e-12,
                 qPrintable(QString::number(x)));
        QCOMPARE(smoothStep(x, gamma), s[static_cast<int64_t>(i)].item<double>());
        QVERIFY(std::abs(smoothStepDerivative(x, gamma) - slope) < 1e-12);
      }
      // The breakpoints by hand: S(-g/2) = 0, S(0) = 1/2, S(g/2) = 1; S'(0) = 3/(2g).
      QCOMPARE(smoothStep(-h, gamma), 0.0);
      QCOMPARE(smoothStep(0.0, gamma), 0.5);
      QCOMPARE(smoothStep(h, gamma), 1.0);
      QVERIFY(std::abs(smoothStepDerivative(0.0, gamma) - 1.5 / gamma) < 1e-12);
      // Saturated: exactly 0 or 1, with exactly zero (not NaN) gradient.
      QCOMPARE(s[0].item<double>(), 0.0);
      QCOMPARE(s[12].item<double>(), 1.0);
      QCOMPARE(t.grad()[13].item<double>(), 0.0);
      QCOMPARE(t.grad()[14].item<double>(), 0.0);
      // In float a huge |t| would overflow t^3 to inf, and a 0 * inf backward to NaN.
      auto big = torch::tensor({1e30f, -1e30f, 1e20f, -3e19f}).requires_grad_(true);
      const auto sb = smoothStep(big, gamma);
      sb.sum().backward();
      QVERIFY(torch::equal(sb, torch::tensor({1.f, 0.f, 1.f, 0.f})));
      QVERIFY(torch::equal(big.grad(), torch::zeros({4})));
      // A finite difference inside agrees with the autograd slope.
      const double x0 = 0.37 * h, d = 1e-6;
      QVERIFY(std::abs((smoothStep(x0 + d, gamma) - smoothStep(x0 - d, gamma)) / (2 * d) -
                       smoothStepDerivative(x0, gamma)) < 1e-6);
    }
  }

  void cometTreeSaturatedReachesOneLeafPerTree_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("k");
    for (int n : {8, 6, 5, 3, 16}) QTest::newRow(qPrintable(QString("n%1").arg(n))) << n << 2;
    QTest::newRow("n6k3") << 6 << 3;
  }
  void cometTreeSaturatedReachesOneLeafPerTree() {
    QFETCH(int, n);
    QFETCH(int, k);
    CometTreeGate gate(kIn, n, k, 1.0, 0.0);
    const auto x = torch::randn({256, kIn});
    // At init no smooth-step saturates and every valid leaf has some mass; the
    // routing sums to one over the n valid leaves (none lost to pruned ones).
    auto p = gate.routingProbabilities(x);
    QCOMPARE(p.sizes().vec(), (std::vector<int64_t>{256, k, n}));
    QCOMPARE(gate.saturation(), 0.0);
    QVERIFY((p > 0).all().item<bool>());
    QVERIFY(torch::allclose(p.sum(2), torch::ones({256, k}), 0, 1e-5));
    QVERIFY(rowsOnSimplex(gate.forward(x, {})));
    QCOMPARE(nonZeros(gate.forward(x, {})).min().item<int64_t>(), int64_t{n});
    // Scaled up, every smooth-step is 0 or 1: each tree reaches exactly one leaf.
    scale(gate, "node", 1e9);
    p = gate.routingProbabilities(x);
    QCOMPARE(gate.saturation(), 1.0);
    QVERIFY(((p == 0) | (p == 1)).all().item<bool>());
    QVERIFY((p.sum(2) == 1).all().item<bool>());
    const auto g = gate.forward(x, {});
    QCOMPARE(gate.saturation(), 1.0);
    QVERIFY(rowsOnSimplex(g));
    QVERIFY(nonZeros(g).max().item<int64_t>() <= k);
    QVERIFY(nonZeros(g).min().item<int64_t>() >= 1);
  }

  void cometTreePrunesInvalidLeaves() {
    // n = 5, depth 3: leaves 5, 6, 7 name no expert. Node order (heap): root 0;
    // level 1: 1 (leaves 0-3), 2 (4-7); level 2: 3 (0,1), 4 (2,3), 5 (4,5), 6 (6,7).
    CometTreeGate gate(kIn, 5, 1, 1.0, 0.0);
    QCOMPARE(gate.depth(), int64_t{3});
    const std::vector<bool> active = {true, true, false, true, true, false, false};
    for (int64_t i = 0; i < 7; ++i) QCOMPARE(gate.nodeActive(i), bool(active[static_cast<size_t>(i)]));
    // Push every active node right (S = 0): the example must land on leaf 4, the
    // last valid one, through the pruned nodes 2 and 5.
    {
      torch::NoGradGuard g;
      for (auto& p : gate.named_parameters())
        if (p.key() == "node_bias") p.value().fill_(-1e3);
      scale(gate, "node_weight", 0.0);
    }
    const auto p = gate.routingProbabilities(torch::randn({4, kIn}));
    QVERIFY(torch::equal(p, torch::tensor({0.f, 0.f, 0.f, 0.f, 1.f}).expand({4, 1, 5})));
    QCOMPARE(gate.saturation(), 1.0);
  }

  void cometTreeEntropyPenalty() {
    CometTreeGate gate(kIn, 6, 2, 1.0, 0.25);
    const auto x = torch::randn({32, kIn});
    gate.train();
    gate.forward(x, {});
    const auto p = gate.routingProbabilities(x);
    const double h = -(p * p.log()).sum(2).sum(1).mean().item<double>();
    QVERIFY(std::abs(gate.penalty().item<double>() - 0.25 * h) < 1e-5);
    QVERIFY(h > 0);
    CometTreeGate none(kIn, 6, 2, 1.0, 0.0);
    none.forward(x, {});
    QVERIFY(!none.penalty().defined());
  }

  void partlySaturatedGatesHaveFiniteGradients_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("n");
    for (const char* t : {"comet_tree", "dselect_k"})
      for (int n : {8, 6}) QTest::newRow(qPrintable(QString("%1_n%2").arg(t).arg(n))) << QString(t) << n;
  }
  void partlySaturatedGatesHaveFiniteGradients() {
    // Mid-training some smooth-steps are 0 or 1 and some are not: log(0) paths and
    // 0 log 0 entropy terms must give zero gradient, never NaN, not even in an
    // intermediate step of the backward (anomaly detection, a debugging aid, throws
    // on those).
    torch::autograd::DetectAnomalyGuard anomaly;
    QFETCH(QString, type);
    QFETCH(int, n);
    auto o = options(type.toStdString(), n, 2);
    o.entropyLambda = 0.1;
    auto gate = createGate(o, kIn);
    scale(*gate, type == "comet_tree" ? "node" : "unit", 20.0);
    gate->train();
    const auto g = gate->forward(torch::randn({256, kIn}), {});
    QVERIFY(gate->saturation() > 0.1 && gate->saturation() < 0.9);
    QVERIFY(g.isfinite().all().item<bool>());
    ((g * torch::randn_like(g)).sum() + gate->penalty()).backward();
    for (auto& p : gate->named_parameters()) {
      QVERIFY2(p.value().grad().isfinite().all().item<bool>(), p.key().c_str());
      QVERIFY2(p.value().grad().abs().sum().item<double>() > 0, p.key().c_str());
    }
  }

  void dselectSelectorsOnSimplex_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("k");
    QTest::newRow("n4k2") << 4 << 2;
    QTest::newRow("n6k2") << 6 << 2;
    QTest::newRow("n16k3") << 16 << 3;
    QTest::newRow("n5k1") << 5 << 1;
  }
  void dselectSelectorsOnSimplex() {
    QFETCH(int, n);
    QFETCH(int, k);
    DSelectKGate gate(kIn, n, k, 1.0, 0.0);
    const auto x = torch::randn({128, kIn});
    const auto r = gate.selectorProbabilities(x);
    QCOMPARE(r.size(2), int64_t{1} << gate.codeBits());
    QVERIFY(torch::allclose(r.sum(2), torch::ones({128, k}), 0, 1e-5));
    QVERIFY(rowsOnSimplex(gate.forward(x, {})));
    QCOMPARE(gate.forward(x, {}).size(1), int64_t{n});
    scale(gate, "unit", 1e9);
    const auto rs = gate.selectorProbabilities(x);
    QCOMPARE(gate.saturation(), 1.0);
    QVERIFY((rs.sum(2) == 1).all().item<bool>());
    QVERIFY(((rs == 0) | (rs == 1)).all().item<bool>());
    const auto g = gate.forward(x, {});
    QVERIFY(rowsOnSimplex(g));
    QVERIFY(nonZeros(g).max().item<int64_t>() <= k);
  }

  void dselectInvalidCodes() {
    // n = 6: codes 6 and 7 name no expert. The penalty is the selectors' mass there.
    DSelectKGate gate(kIn, 6, 2, 1.0, 0.0);
    const auto x = torch::randn({64, kIn});
    gate.train();
    gate.forward(x, {});
    const auto r = gate.selectorProbabilities(x);
    const double invalid = r.narrow(2, 6, 2).sum({1, 2}).mean().item<double>();
    QVERIFY(invalid > 0.1);  // roughly 2/8 per selector at init
    QVERIFY(std::abs(gate.penalty().item<double>() - invalid) < 1e-6);
    // A power of two without entropy has no penalty.
    DSelectKGate pow2(kIn, 8, 2, 1.0, 0.0);
    pow2.forward(x, {});
    QVERIFY(!pow2.penalty().defined());
    // Every unit saturated at 1: both selectors on code 7, no expert. The row cannot
    // be renormalised; code 7 folds onto expert 7 - 4 = 3 (no NaN, one non-zero).
    DSelectKGate lost(kIn, 5, 2, 1.0, 0.0);
    {
      torch::NoGradGuard g;
      for (auto& p : lost.named_parameters())
        if (p.key() == "unit_bias") p.value().fill_(1e3);
      scale(lost, "unit_weight", 0.0);
    }
    const auto g = lost.forward(x, {});
    QVERIFY(torch::allclose(g, torch::tensor({0.f, 0.f, 0.f, 1.f, 0.f}).expand({64, 5})));
    QVERIFY((nonZeros(g) == 1).all().item<bool>());
  }

  void topkKeepsExactlyK_data() {
    QTest::addColumn<int>("k");
    QTest::addColumn<bool>("noise");
    for (int k : {1, 2, 5})
      for (bool noise : {false, true}) QTest::newRow(qPrintable(QString("k%1%2").arg(k).arg(noise ? "noisy" : ""))) << k << noise;
  }
  void topkKeepsExactlyK() {
    QFETCH(int, k);
    QFETCH(bool, noise);
    auto o = options("topk", 8, k);
    o.topkNoise = noise;
    auto gate = createGate(o, kIn);
    const auto x = torch::randn({100, kIn});
    for (bool training : {true, false}) {
      gate->train(training);
      const auto g = gate->forward(x, {});
      QVERIFY(rowsOnSimplex(g));
      QVERIFY((nonZeros(g) == k).all().item<bool>());
    }
    // Noise only in training mode.
    gate->eval();
    QVERIFY(torch::equal(gate->forward(x, {}), gate->forward(x, {})));
    gate->train();
    QCOMPARE(torch::equal(gate->forward(x, {}), gate->forward(x, {})), !noise);
    QVERIFY(std::isnan(gate->saturation()));
  }

  void trainableGatesReceiveGradient_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("n");
    QTest::addColumn<bool>("localSearch");
    for (const char* t : {"softmax", "topk", "dselect_k", "comet_tree"})
      for (int n : {8, 6}) QTest::newRow(qPrintable(QString("%1_n%2").arg(t).arg(n))) << QString(t) << n << false;
    QTest::newRow("comet_tree_local_search") << QString("comet_tree") << 6 << true;
    QTest::newRow("topk_local_search") << QString("topk") << 8 << true;
  }
  void trainableGatesReceiveGradient() {
    QFETCH(QString, type);
    QFETCH(int, n);
    QFETCH(bool, localSearch);
    auto o = options(type.toStdString(), n, 2);
    o.topkNoise = true;
    o.entropyLambda = 0.1;
    o.localSearch = localSearch;
    auto gate = createGate(o, kIn);
    gate->train();
    GateContext ctx;
    ctx.epoch = 0.25;  // inside the Sinkhorn phase
    const auto g = gate->forward(torch::randn({64, kIn}), ctx);
    (g * torch::randn_like(g)).sum().backward();  // the output alone, no penalty
    QVERIFY(!gate->parameters().empty());
    for (auto& p : gate->named_parameters()) {
      QVERIFY2(p.value().grad().defined(), p.key().c_str());
      QVERIFY2(p.value().grad().abs().sum().item<double>() > 0, p.key().c_str());
    }
  }

  void sinkhornIsDoublyStochastic() {
    for (int64_t n : {1, 3, 8, 16}) {
      const auto theta = torch::empty({n, n}).uniform_(-1e-3, 1e-3).requires_grad_(true);
      // Rows exact at every point of the schedule; columns converge only while tau
      // is not too small for the iterations (at tau = 1e-7 two rows may share a column).
      for (double progress : {0.0, 0.1, 0.25, 0.5, 1.0}) {
        const auto p = sinkhorn(theta, PermutedGate::temperature(progress), PermutedGate::iterations(progress));
        QVERIFY((p >= 0).all().item<bool>());
        QVERIFY(torch::allclose(p.sum(1), torch::ones({n}), 0, 1e-5));
        if (progress <= 0.1) QVERIFY(torch::allclose(p.sum(0), torch::ones({n}), 0, 1e-3));
      }
      const auto q = sinkhorn(torch::randn({n, n}), 1.0, 30);
      QVERIFY(torch::allclose(q.sum(0), torch::ones({n}), 0, 1e-4));
      QVERIFY(torch::allclose(q.sum(1), torch::ones({n}), 0, 1e-5));
    }
    // At tau = 1e-3 with the init's scale it is soft, and Theta gets a gradient.
    const auto theta = torch::empty({6, 6}).uniform_(-1e-3, 1e-3).requires_grad_(true);
    const auto p = sinkhorn(theta, 1e-3, 20);
    QVERIFY(p.max().item<double>() < 0.9);
    (p * torch::randn({6, 6})).sum().backward();
    QVERIFY(theta.grad().abs().sum().item<double>() > 0);
    // At low temperature it approaches the optimal assignment.
    const auto s = torch::randn({7, 7}, torch::kDouble);
    std::vector<std::vector<double>> m(7, std::vector<double>(7));
    for (int64_t i = 0; i < 7; ++i)
      for (int64_t j = 0; j < 7; ++j) m[size_t(i)][size_t(j)] = s[i][j].item<double>();
    const auto sigma = maxAssignment(m);
    const auto hard = sinkhorn(s, 1e-3, 500);
    for (int64_t i = 0; i < 7; ++i) QVERIFY(hard[i][sigma[size_t(i)]].item<double>() > 0.99);
  }

  void hungarianMatchesBruteForce() {
    std::mt19937_64 rng(11);
    std::uniform_int_distribution<int> small(-3, 3);
    std::normal_distribution<double> normal(0.0, 5.0);
    QVERIFY(maxAssignment({}).empty());
    for (size_t n = 1; n <= 7; ++n) {
      const int trials = n <= 5 ? 60 : 12;
      for (int trial = 0; trial < trials; ++trial) {
        std::vector<std::vector<double>> s(n, std::vector<double>(n));
        const int kind = trial % 3;  // ties (small integers), negative reals, constant rows
        for (size_t i = 0; i < n; ++i)
          for (size_t j = 0; j < n; ++j)
            s[i][j] = kind == 0 ? small(rng) : kind == 1 ? -std::abs(normal(rng)) : double(i) - 2.5;
        const auto sigma = maxAssignment(s);
        QCOMPARE(sigma.size(), n);
        std::vector<int64_t> sorted = sigma;
        std::sort(sorted.begin(), sorted.end());
        for (size_t i = 0; i < n; ++i) QCOMPARE(sorted[i], int64_t(i));
        std::vector<int64_t> perm(n);
        std::iota(perm.begin(), perm.end(), 0);
        double best = -1e300;
        do best = std::max(best, assignmentValue(s, perm));
        while (std::next_permutation(perm.begin(), perm.end()));
        QVERIFY2(std::abs(assignmentValue(s, sigma) - best) < 1e-9,
                 qPrintable(QString("n %1 trial %2: %3 vs %4").arg(n).arg(trial).arg(assignmentValue(s, sigma)).arg(best)));
      }
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, maxAssignment({{1.0, 2.0}}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, maxAssignment({{std::nan("")}}));
  }

  void hashRoutingIsAFunctionOfTheExample() {
    auto o = options("hash", 6, 1);
    o.seed = 7;
    auto gate = std::dynamic_pointer_cast<HashGate>(createGate(o, kIn));
    QVERIFY(gate);
    QVERIFY(gate->parameters().empty());
    const auto x = torch::randn({600, kIn});
    gate->train();
    const auto g = gate->forward(x, {});
    QVERIFY(rowsOnSimplex(g));
    QVERIFY((nonZeros(g) == 1).all().item<bool>());
    const auto e = g.argmax(1);
    QVERIFY(torch::equal(e, gate->experts(x)));
    QVERIFY((torch::bincount(e, {}, 6) > 0).all().item<bool>());  // every expert used
    // The same examples in another batch, shuffled among others, in eval mode.
    const auto perm = torch::randperm(600);
    const auto mixed = torch::cat({torch::randn({17, kIn}), x.index_select(0, perm)});
    gate->eval();
    const auto e2 = gate->forward(mixed, {}).argmax(1).narrow(0, 17, 600);
    QVERIFY(torch::equal(e2, e.index_select(0, perm)));
    // One example alone; -0.0 and +0.0 alike.
    QVERIFY(torch::equal(gate->experts(x.narrow(0, 5, 1)), e.narrow(0, 5, 1)));
    const auto zeros = torch::zeros({1, kIn});
    QVERIFY(torch::equal(gate->experts(zeros), gate->experts(-zeros)));
    // The seed changes the assignment.
    o.seed = 8;
    auto other = std::dynamic_pointer_cast<HashGate>(createGate(o, kIn));
    QVERIFY(!torch::equal(other->experts(x), e));
  }

  void permutedGateHardPhaseIsAnExactPermutation() {
    auto o = options("comet_tree", 6, 2);
    o.localSearch = true;
    o.localSearchEpochs = 2.0;
    auto gate = std::dynamic_pointer_cast<PermutedGate>(createGate(o, kIn));
    QVERIFY(gate);
    gate->train();
    const auto x = torch::randn({32, kIn});
    GateContext hard;
    hard.epoch = 2.0;
    const auto out = gate->forward(x, hard);
    const auto inner = gate->inner()->forward(x, hard);
    const auto sigma = gate->permutation();
    for (int64_t i = 0; i < 6; ++i) QVERIFY(torch::equal(out.select(1, sigma[size_t(i)]), inner.select(1, i)));
    // sigma is the optimal assignment of Theta, and so is recomputed from it alone.
    std::vector<std::vector<double>> theta(6, std::vector<double>(6));
    for (int64_t i = 0; i < 6; ++i)
      for (int64_t j = 0; j < 6; ++j) theta[size_t(i)][size_t(j)] = gate->theta()[i][j].item<double>();
    QCOMPARE(sigma, maxAssignment(theta));
    auto copy = std::dynamic_pointer_cast<PermutedGate>(createGate(o, kIn));
    {
      torch::NoGradGuard g;
      copy->theta().copy_(gate->theta());
    }
    QCOMPARE(copy->permutation(), sigma);
    // No gradient to Theta; the inner gate still learns.
    (out * torch::randn_like(out)).sum().backward();
    QVERIFY(!gate->theta().grad().defined() || gate->theta().grad().abs().sum().item<double>() == 0);
    QVERIFY(gate->inner()->parameters()[0].grad().abs().sum().item<double>() > 0);
    // In the Sinkhorn phase: on the simplex, Theta learns.
    GateContext soft;
    soft.epoch = 1.0;
    const auto s = gate->forward(x, soft);
    QVERIFY(rowsOnSimplex(s));
    (s * torch::randn_like(s)).sum().backward();
    QVERIFY(gate->theta().grad().abs().sum().item<double>() > 0);
    // In eval mode always the hard permutation, whatever the epoch.
    gate->eval();
    const auto evaluated = gate->forward(x, GateContext{});
    const auto innerEval = gate->inner()->forward(x, {});
    for (int64_t i = 0; i < 6; ++i) QVERIFY(torch::equal(evaluated.select(1, sigma[size_t(i)]), innerEval.select(1, i)));
    // The schedule.
    QVERIFY(std::abs(PermutedGate::temperature(0) - 1e-3) < 1e-18);
    QVERIFY(std::abs(PermutedGate::temperature(0.5) - 1e-5) < 1e-18);
    QVERIFY(std::abs(PermutedGate::temperature(1) - 1e-7) < 1e-20);
    QCOMPARE(PermutedGate::iterations(0), int64_t{20});
    QCOMPARE(PermutedGate::iterations(0.5), int64_t{85});
    QCOMPARE(PermutedGate::iterations(1), int64_t{150});
  }

  void oneOrTwoExperts() {
    // Depth 0 trees and 0-bit codes (one expert), depth 1 (two): the edge sizes.
    for (int64_t n : {1, 2})
      for (const char* t : {"softmax", "topk", "dselect_k", "comet_tree", "hash"})
        for (bool localSearch : {false, true}) {
          auto o = options(t, n, 1);
          o.localSearch = localSearch;
          o.entropyLambda = 0.1;
          auto gate = createGate(o, kIn);
          gate->train();
          GateContext ctx;
          ctx.epoch = 0.5;
          const auto g = gate->forward(torch::randn({7, kIn}), ctx);
          QCOMPARE(g.sizes().vec(), (std::vector<int64_t>{7, n}));
          QVERIFY2(rowsOnSimplex(g), t);
          if (n == 1) QVERIFY(torch::allclose(g, torch::ones({7, 1})));
        }
  }

  void configErrorsNameTheKey() {
    QCOMPARE(configError(options("comet_tree", 6, 7)), std::string("model.gate_k: 7 is larger than model.experts (6)"));
    QVERIFY(configError(options("comet_tree", 6, 0)).rfind("model.gate_k:", 0) == 0);
    QVERIFY(configError(options("hash", 6, 2)).rfind("model.gate_k:", 0) == 0);
    QVERIFY(configError(options("trees", 6, 2)).rfind("model.gate:", 0) == 0);
    QVERIFY(configError(options("topk", 0, 1)).rfind("model.experts:", 0) == 0);
    auto o = options("dselect_k");
    o.gamma = 0;
    QVERIFY(configError(o).rfind("model.gate_gamma:", 0) == 0);
    o = options("dselect_k");
    o.entropyLambda = -1;
    QVERIFY(configError(o).rfind("model.gate_entropy:", 0) == 0);
    o = options("softmax");
    o.localSearch = true;
    o.localSearchEpochs = -1;
    QVERIFY(configError(o).rfind("model.local_search_epochs:", 0) == 0);
    QCOMPARE(configError(options("hash", 6, 1)), std::string("(no error)"));
  }
};

QTEST_APPLESS_MAIN(TestGates)
#include "tst_gates.moc"
