// SPDX-License-Identifier: GPL-3.0-or-later
// The multi-gate mixture of experts with each gate: shapes, the parameter split,
// the epoch reaching the gates, a few Adam steps lowering a two-task loss; and the
// gate statistics.
#include <torch/torch.h>

#include <QtTest>

#include <set>
#include <sstream>

#include "core/model/MultiGateMoe.h"
#include "core/model/gates/GateStats.h"
#include "core/model/gates/PermutedGate.h"

using namespace comet;

namespace {

constexpr int64_t kIn = 12, kBatch = 256;

GateOptions gateOptions(const std::string& type, bool localSearch = false) {
  GateOptions o;
  o.type = type;
  o.experts = 4;
  o.k = type == "hash" ? 1 : 2;
  o.entropyLambda = 1e-3;
  o.localSearch = localSearch;
  o.localSearchEpochs = 1.0;
  return o;
}

// Two tasks of a random teacher: 3-class classification and a regression.
struct Data {
  torch::Tensor x, label, target;
};

Data data() {
  torch::manual_seed(21);
  Data d;
  d.x = torch::randn({kBatch, kIn});
  d.label = torch::matmul(d.x, torch::randn({kIn, 3})).argmax(1);
  d.target = torch::tanh(torch::matmul(d.x, torch::randn({kIn, 1})));
  return d;
}

torch::Tensor loss(const torch::Tensor& out, const Data& d) {
  return torch::nn::functional::cross_entropy(out.narrow(1, 0, 3), d.label) +
         torch::mse_loss(out.narrow(1, 3, 1), d.target);
}

void addGateRows() {
  QTest::addColumn<QString>("type");
  QTest::addColumn<bool>("localSearch");
  for (const char* t : {"softmax", "topk", "dselect_k", "comet_tree", "hash"}) QTest::newRow(t) << QString(t) << false;
  QTest::newRow("comet_tree+") << QString("comet_tree") << true;
}

}  // namespace

class TestMultiGateMoe : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void shapesAndParameters_data() { addGateRows(); }
  void shapesAndParameters() {
    QFETCH(QString, type);
    QFETCH(bool, localSearch);
    torch::manual_seed(2);
    MultiGateMoe net(kIn, {16, 8}, {3, 1}, gateOptions(type.toStdString(), localSearch), "relu");
    QCOMPARE(net.tasks(), int64_t{2});
    QCOMPARE(net.experts(), int64_t{4});
    QVERIFY(!net.hasMasks());
    const auto out = net.forward(torch::randn({5, kIn}));
    QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{5, 4}));
    QCOMPARE(net.lastGateWeights().size(), size_t{2});
    for (const auto& g : net.lastGateWeights()) {
      QCOMPARE(g.sizes().vec(), (std::vector<int64_t>{5, 4}));
      QVERIFY(!g.requires_grad());
    }
    // Gate and non-gate parameters split all parameters, without overlap.
    const auto gate = net.gateParameters(), rest = net.nonGateParameters();
    QCOMPARE(gate.size() + rest.size(), net.parameters().size());
    std::set<const void*> seen;
    for (const auto& p : gate) seen.insert(p.unsafeGetTensorImpl());
    for (const auto& p : rest) QVERIFY(!seen.count(p.unsafeGetTensorImpl()));
    size_t expected = 0;
    for (int64_t t = 0; t < net.tasks(); ++t) expected += net.gate(size_t(t))->parameters().size();
    QCOMPARE(gate.size(), expected);
    QCOMPARE(gate.empty(), type == "hash" && !localSearch);
    // 4 experts of 2 layers (16, then the output 8) x (weight, bias); 2 heads x (weight, bias).
    QCOMPARE(rest.size(), size_t{4 * 4 + 4});
  }

  void outputIsTheHeadOfTheMixture() {
    torch::manual_seed(3);
    MultiGateMoe net(kIn, {8}, {2, 3}, gateOptions("comet_tree"), "relu");
    const auto x = torch::randn({6, kIn});
    torch::NoGradGuard g;
    const auto out = net.forward(x);
    std::vector<torch::Tensor> f;
    for (int64_t j = 0; j < net.experts(); ++j) f.push_back(torch::relu(net.expert(size_t(j))->forward(x)));
    int64_t col = 0;
    for (int64_t t = 0; t < net.tasks(); ++t) {
      const auto w = net.lastGateWeights()[size_t(t)];
      auto mixed = torch::zeros({6, 8});
      for (int64_t j = 0; j < net.experts(); ++j) mixed += w.select(1, j).unsqueeze(1) * f[size_t(j)];
      const auto y = net.head(size_t(t))->forward(mixed);
      QVERIFY(torch::allclose(out.narrow(1, col, y.size(1)), y, 1e-5, 1e-6));
      col += y.size(1);
    }
    QCOMPARE(col, out.size(1));
  }

  void epochReachesTheGates() {
    torch::manual_seed(4);
    MultiGateMoe net(kIn, {8}, {1}, gateOptions("comet_tree", true), "relu");
    auto perm = std::dynamic_pointer_cast<PermutedGate>(net.gate(0));
    QVERIFY(perm);
    const auto x = torch::randn({16, kIn});
    ForwardContext ctx;
    ctx.epoch = 0.5;  // Sinkhorn phase: Theta learns
    net.forward(x, ctx).sum().backward();
    QVERIFY(perm->theta().grad().abs().sum().item<double>() > 0);
    perm->theta().mutable_grad().zero_();
    ctx.epoch = 1.0;  // hard phase: it does not
    net.forward(x, ctx).sum().backward();
    QCOMPARE(perm->theta().grad().abs().sum().item<double>(), 0.0);
  }

  void adamLowersTheLoss_data() { addGateRows(); }
  void adamLowersTheLoss() {
    QFETCH(QString, type);
    QFETCH(bool, localSearch);
    const Data d = data();
    torch::manual_seed(5);
    MultiGateMoe net(kIn, {16}, {3, 1}, gateOptions(type.toStdString(), localSearch), "relu");
    torch::optim::Adam opt(net.parameters(), torch::optim::AdamOptions(1e-2));
    net.train();
    ForwardContext ctx;
    double first = 0, last = 0;
    for (int step = 0; step < 60; ++step) {
      ctx.epoch = step / 30.0;  // the local search's Sinkhorn phase, then the hard one
      opt.zero_grad();
      auto l = loss(net.forward(d.x, ctx), d);
      (step == 0 ? first : last) = l.item<double>();
      if (auto p = net.penalty(); p.defined()) l = l + p;
      l.backward();
      opt.step();
    }
    QVERIFY2(last < 0.7 * first, qPrintable(QString("%1 -> %2").arg(first).arg(last)));
    const bool penalised = type == "comet_tree" || type == "dselect_k";
    QCOMPARE(net.penalty().defined(), penalised);
    if (penalised) {
      // The sum over the two tasks' gates.
      const double sum = net.gate(0)->penalty().item<double>() + net.gate(1)->penalty().item<double>();
      QVERIFY(net.gate(0)->penalty().item<double>() > 0 && net.gate(1)->penalty().item<double>() > 0);
      QVERIFY(std::abs(net.penalty().item<double>() - sum) < 1e-9);
    }
  }

  void checkpointRoundTrip() {
    // Module save/load (what Checkpoint uses) restores the gates, Theta and so the
    // hard permutation; the pruning mask and DSelect-k's codes travel as buffers.
    for (const char* type : {"comet_tree", "dselect_k"}) {
      auto o = gateOptions(type, true);
      o.experts = 6;
      torch::manual_seed(6);
      MultiGateMoe a(kIn, {8}, {2, 1}, o, "relu");
      torch::manual_seed(7);
      MultiGateMoe b(kIn, {8}, {2, 1}, o, "relu");
      std::stringstream bytes;
      {
        torch::serialize::OutputArchive archive;
        a.save(archive);
        archive.save_to(bytes);
      }
      torch::serialize::InputArchive archive;
      archive.load_from(bytes);
      b.load(archive);
      const auto x = torch::randn({9, kIn});
      ForwardContext ctx;
      ctx.epoch = 3;  // hard phase
      torch::NoGradGuard g;
      QVERIFY(torch::equal(a.forward(x, ctx), b.forward(x, ctx)));
      QCOMPARE(std::dynamic_pointer_cast<PermutedGate>(b.gate(1))->permutation(),
               std::dynamic_pointer_cast<PermutedGate>(a.gate(1))->permutation());
    }
  }

  void gateStatistics() {
    const auto w = torch::tensor({0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.2, 0.3, 0.1, 0.4}, torch::kDouble).view({3, 4});
    const auto s = gateStats(w);
    QCOMPARE(s.examples, int64_t{3});
    QVERIFY(std::abs(s.meanNonZeros - 7.0 / 3) < 1e-12);
    QCOMPARE(s.maxNonZeros, int64_t{4});
    QCOMPARE(s.top, (std::vector<int64_t>{1, 0, 1, 1}));  // the 0.5/0.5 tie goes to expert 0
    const std::vector<double> mean = {0.7 / 3, 0.8 / 3, 1.1 / 3, 0.4 / 3};
    for (size_t j = 0; j < 4; ++j) QVERIFY(std::abs(s.meanWeight[j] - mean[j]) < 1e-12);
    const auto tiny = torch::tensor({1e-30f, 1.0f - 1e-30f}).view({1, 2});
    QCOMPARE(gateStats(tiny).maxNonZeros, int64_t{2});  // exact > 0, no threshold
  }
};

QTEST_APPLESS_MAIN(TestMultiGateMoe)
#include "tst_multigate_moe.moc"
