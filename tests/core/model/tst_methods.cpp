// SPDX-License-Identifier: GPL-3.0-or-later
// The 11 methods of the paper's Figure 4: for each, output shapes, trainable
// parameter counts against a formula, a few steps lower the loss; then the masking
// rule each method claims.
#include <torch/torch.h>

#include <QtTest>

#include "core/model/BernoulliMaskingMlp.h"
#include "core/model/Cap.h"
#include "core/model/DropoutMlp.h"
#include "core/model/FastLinear.h"
#include "core/model/ExampleTiedDropoutMlp.h"
#include "core/model/L1Mlp.h"
#include "core/model/LayerWiseRoutingMlp.h"
#include "core/model/MethodRegistry.h"
#include "core/model/MoeMlp.h"
#include "core/model/SmallerMlp.h"
#include "core/model/StandardMlp.h"
#include "core/model/TopkMlp.h"

using namespace comet;

namespace {

constexpr int64_t kIn = 20, kOut = 5, kWidth = 64;
constexpr double kPk = 0.25;  // k = 16 of 64; 4 MoE experts of width 16

const char* const kMethods[] = {"standard", "smaller", "dropout", "l1", "topk", "moe_trainable",
                                "moe_non_trainable", "layer_wise_routing", "bernoulli_masking",
                                "example_tied_dropout", "comet"};

ModelConfig config(const std::string& method, double pk = kPk) {
  ModelConfig m;
  m.method = method;
  m.widths = {kWidth};
  m.hiddenLayers = 3;
  m.pk = pk;
  return m;
}

Network make(const std::string& method, uint64_t seed = 3, double pk = kPk) {
  return createNetwork(config(method, pk), kIn, kOut, seed);
}

template <typename T>
std::shared_ptr<T> makeAs(const std::string& method, uint64_t seed = 3) {
  auto net = std::dynamic_pointer_cast<T>(make(method, seed));
  if (!net) qFatal("%s is not the expected class", method.c_str());
  return net;
}

// Trainable parameters of a dense MLP in -> widths -> out, with biases.
int64_t mlpParams(int64_t in, const std::vector<int64_t>& widths, int64_t out) {
  int64_t n = 0;
  for (auto w : widths) {
    n += in * w + w;
    in = w;
  }
  return n + in * out + out;
}

std::vector<torch::Tensor> masksOf(NetworkImpl& net, const torch::Tensor& x, const torch::Tensor& index = {}) {
  std::vector<torch::Tensor> masks;
  ForwardContext ctx;
  ctx.masks = &masks;
  ctx.exampleIndex = index;
  torch::NoGradGuard g;
  net.forward(x, ctx);
  return masks;
}

// A learnable synthetic task: labels of a random linear teacher.
struct ToyProblem {
  torch::Tensor x, y, index;
};

ToyProblem task(int64_t n = 128) {
  torch::manual_seed(99);
  ToyProblem t;
  t.x = torch::randn({n, kIn});
  t.y = torch::matmul(t.x, torch::randn({kIn, kOut})).argmax(1);
  t.index = torch::arange(n, torch::kLong);
  return t;
}

double evalLoss(NetworkImpl& net, const ToyProblem& t) {
  torch::NoGradGuard g;
  net.eval();
  const double l = torch::nn::functional::cross_entropy(net.forward(t.x, ForwardContext{}), t.y).item<double>();
  net.train();
  return l;
}

// The training objective (data term): train mode, the examples' indices, and a
// fixed generator state so that dropout draws the same masks before and after.
double trainLoss(NetworkImpl& net, const ToyProblem& t) {
  torch::NoGradGuard g;
  torch::manual_seed(5);
  ForwardContext ctx;
  ctx.exampleIndex = t.index;
  return torch::nn::functional::cross_entropy(net.forward(t.x, ctx), t.y).item<double>();
}

void step(NetworkImpl& net, torch::optim::Optimizer& opt, const ToyProblem& t) {
  ForwardContext ctx;
  ctx.exampleIndex = t.index;
  opt.zero_grad();
  auto l = torch::nn::functional::cross_entropy(net.forward(t.x, ctx), t.y);
  if (auto p = net.penalty(); p.defined()) l = l + p;
  l.backward();
  opt.step();
}

void addMethodRows() {
  QTest::addColumn<QString>("method");
  for (const char* m : kMethods) QTest::newRow(m) << QString(m);
}

}  // namespace

class TestMethods : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // Regression: with a single row, fastLinear's no-grad path used to write the
  // product into the bias (bias.expand({1, n}).contiguous() is a view of it).
  void fastLinearSingleRowLeavesBiasAlone() {
    torch::NoGradGuard g;
    const auto x = torch::randn({4, kIn});
    const auto w = torch::randn({16, kIn});
    const auto b = torch::randn({16});
    const auto b0 = b.clone();
    const auto ref = torch::linear(x, w, b);
    for (int64_t i = 0; i < 4; ++i)
      QVERIFY(torch::allclose(fastLinear(x.narrow(0, i, 1), w, b)[0], ref[i], 1e-5, 1e-5));
    QVERIFY(torch::equal(b, b0));
  }

  void allElevenRegistered() {
    const auto names = methodNames();
    QCOMPARE(names.size(), size_t{11});
    QCOMPARE(registeredMethods(), names);  // a factory for every name, none without one
    for (const char* m : kMethods) {
      QVERIFY2(std::find(names.begin(), names.end(), m) != names.end(), m);
      QVERIFY(!methodDescription(m).empty());
    }
  }

  void outputShape_data() { addMethodRows(); }
  void outputShape() {
    QFETCH(QString, method);
    auto net = make(method.toStdString());
    const auto x = torch::randn({7, kIn});
    ForwardContext train;
    train.exampleIndex = torch::arange(7, torch::kLong);
    torch::NoGradGuard g;
    QCOMPARE(net->forward(x, train).sizes().vec(), (std::vector<int64_t>{7, kOut}));
    net->eval();
    QCOMPARE(net->forward(x, ForwardContext{}).sizes().vec(), (std::vector<int64_t>{7, kOut}));
  }

  void trainableParameterCount_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<qlonglong>("expected");
    const std::vector<int64_t> full(3, kWidth), small(3, 16);
    const int64_t dense = mlpParams(kIn, full, kOut);
    const int64_t smaller = mlpParams(kIn, small, kOut);
    const int64_t experts = 4;  // floor(1 / 0.25)
    for (const char* m : {"standard", "dropout", "l1", "topk", "layer_wise_routing", "bernoulli_masking",
                          "example_tied_dropout", "comet"})
      QTest::newRow(m) << QString(m) << qlonglong(dense);
    QTest::newRow("smaller") << QString("smaller") << qlonglong(smaller);
    QTest::newRow("moe_trainable") << QString("moe_trainable")
                                   << qlonglong(experts * smaller + experts * kIn + experts);
    QTest::newRow("moe_non_trainable") << QString("moe_non_trainable") << qlonglong(experts * smaller);
  }
  void trainableParameterCount() {
    QFETCH(QString, method);
    QFETCH(qlonglong, expected);
    QCOMPARE(qlonglong(trainableParameters(*make(method.toStdString()))), expected);
  }

  void fewStepsLowerTheLoss_data() { addMethodRows(); }
  void fewStepsLowerTheLoss() {
    QFETCH(QString, method);
    auto net = make(method.toStdString());
    const ToyProblem t = task();
    net->train();
    net->prepare(t.x);
    const double before = trainLoss(*net, t), evalBefore = evalLoss(*net, t);
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(1e-2));
    for (int i = 0; i < 80; ++i) step(*net, opt, t);
    const double after = trainLoss(*net, t), evalAfter = evalLoss(*net, t);
    qInfo("%s: training loss %.3f -> %.3f, evaluation loss %.3f -> %.3f", qPrintable(method), before, after,
          evalBefore, evalAfter);
    QVERIFY2(after < 0.8 * before, qPrintable(QString("%1: loss %2 -> %3").arg(method).arg(before).arg(after)));
  }

  void smallerHasFloorPkNUnits() {
    auto net = makeAs<SmallerMlp>("smaller");
    QCOMPARE(net->backbone()->widths(), (std::vector<int64_t>{16, 16, 16}));
    QCOMPARE(net->backbone()->layer(0)->weight.sizes().vec(), (std::vector<int64_t>{16, kIn}));
    QCOMPARE(net->backbone()->layer(2)->weight.sizes().vec(), (std::vector<int64_t>{16, 16}));
    // floor, at least one unit.
    QCOMPARE(smallerWidths({100, 7, 3}, 0.29), (std::vector<int64_t>{29, 2, 1}));
  }

  void topkKeepsExactlyKOfItsOwnActivations() {
    auto net = makeAs<TopkMlp>("topk");
    const auto x = torch::randn({9, kIn});
    const auto masks = masksOf(*net, x);
    QCOMPARE(masks.size(), size_t{3});
    for (const auto& m : masks) QVERIFY(m.sum(1).eq(16).all().item<bool>());
    // Layer 1 and 2 recomputed by hand: the kept units are the 16 largest pre-activations.
    torch::NoGradGuard g;
    const auto b = net->backbone();
    const auto a1 = b->layer(0)->forward(x);
    const auto m1 = masks[0].to(torch::kFloat32);
    QVERIFY(torch::equal(m1, cap(a1, 16)));
    const auto keptMin = std::get<0>(a1.masked_fill(masks[0].logical_not(), INFINITY).min(1));
    const auto droppedMax = std::get<0>(a1.masked_fill(masks[0], -INFINITY).max(1));
    QVERIFY((keptMin > droppedMax).all().item<bool>());
    const auto a2 = b->layer(1)->forward(b->activate(a1) * m1);
    QVERIFY(torch::equal(masks[1].to(torch::kFloat32), cap(a2, 16)));
  }

  void topkMaskIsNotDifferentiatedKeptActivationsAre() {
    auto net = makeAs<TopkMlp>("topk");
    const auto x = torch::randn({1, kIn});
    const auto m1 = masksOf(*net, x)[0][0];
    net->forward(x, ForwardContext{}).sum().backward();
    const auto rowGrad = net->backbone()->layer(0)->weight.grad().abs().sum(1);  // [64]
    QVERIFY((rowGrad.masked_select(m1.logical_not()) == 0).all().item<bool>());  // dropped units: no gradient
    QVERIFY((rowGrad.masked_select(m1) > 0).any().item<bool>());                // kept units: gradient
  }

  void layerWiseRoutingUsesFixedProjectionOfPreviousLayer() {
    auto net = makeAs<LayerWiseRoutingMlp>("layer_wise_routing");
    for (const auto& p : net->named_parameters()) QVERIFY2(p.key().find("V") == std::string::npos, p.key().c_str());
    const auto x = torch::randn({9, kIn});
    const auto masks = masksOf(*net, x);
    QCOMPARE(masks.size(), size_t{3});
    torch::NoGradGuard g;
    const auto b = net->backbone();
    const auto m1 = cap(torch::matmul(x, net->projection(0).t()), 16);
    QVERIFY(torch::equal(masks[0].to(torch::kFloat32), m1));
    const auto x1 = b->activate(b->layer(0)->forward(x)) * m1;
    QVERIFY(torch::equal(masks[1].to(torch::kFloat32), cap(torch::matmul(x1, net->projection(1).t()), 16)));
    // Same seed: same backbone as standard (projections drawn after it).
    auto standard = std::dynamic_pointer_cast<StandardMlp>(make("standard"));
    QVERIFY(torch::equal(standard->backbone()->layer(0)->weight, b->layer(0)->weight));
  }

  void bernoulliMasksAreFixedPerExampleAndAbsentAtEvaluation() {
    auto net = makeAs<BernoulliMaskingMlp>("bernoulli_masking");
    net->train();
    const auto x = torch::randn({3, kIn});
    const auto a = masksOf(*net, x, torch::tensor({3, 7, 3}, torch::kLong));
    QCOMPARE(a.size(), size_t{3});
    // Other inputs, other batch, same index: same mask (keyed by index, not pixels).
    const auto b = masksOf(*net, torch::randn({2, kIn}), torch::tensor({7, 3}, torch::kLong));
    for (size_t l = 0; l < 3; ++l) {
      QVERIFY(torch::equal(a[l][0], a[l][2]));
      QVERIFY(torch::equal(a[l][0], b[l][1]));
      QVERIFY(torch::equal(a[l][1], b[l][0]));
      QVERIFY(!torch::equal(a[l][0], a[l][1]));
    }
    // Keep rate p_k over many examples, and layers differ.
    const auto many = masksOf(*net, torch::randn({400, kIn}), torch::arange(400, torch::kLong));
    const double rate = many[0].to(torch::kFloat32).mean().item<double>();
    QVERIFY2(std::abs(rate - kPk) < 0.02, qPrintable(QString::number(rate)));
    QVERIFY(!torch::equal(many[0], many[1]));
    // Evaluation: no mask, the plain dense network (same seed -> standard's weights).
    net->eval();
    QVERIFY(masksOf(*net, x, torch::tensor({3, 7, 3}, torch::kLong)).empty());
    auto standard = make("standard");
    torch::NoGradGuard g;
    QVERIFY(torch::equal(net->forward(x, ForwardContext{}), standard->forward(x, ForwardContext{})));
  }

  void exampleTiedKeepsGeneralisationNeuronsOn() {
    auto net = makeAs<ExampleTiedDropoutMlp>("example_tied_dropout");
    QCOMPARE(net->generalisationNeurons(), (std::vector<int64_t>{16, 16, 16}));
    net->train();
    const auto idx = torch::arange(400, torch::kLong);
    const auto train = masksOf(*net, torch::randn({400, kIn}), idx);
    const auto again = masksOf(*net, torch::randn({400, kIn}), idx);
    QCOMPARE(train.size(), size_t{3});
    for (size_t l = 0; l < 3; ++l) {
      QVERIFY(torch::equal(train[l], again[l]));  // fixed per example
      QVERIFY(train[l].narrow(1, 0, 16).all().item<bool>());
      const double rate = train[l].narrow(1, 16, kWidth - 16).to(torch::kFloat32).mean().item<double>();
      QVERIFY2(std::abs(rate - 0.2) < 0.02, qPrintable(QString::number(rate)));
    }
    net->eval();
    const auto x = torch::randn({5, kIn});
    const auto test = masksOf(*net, x);
    QCOMPARE(test.size(), size_t{3});
    for (const auto& m : test) {
      QVERIFY(m.narrow(1, 0, 16).all().item<bool>());
      QVERIFY(!m.narrow(1, 16, kWidth - 16).any().item<bool>());
    }
    // At evaluation the memorisation neurons have no influence on the output.
    torch::NoGradGuard g;
    const auto y = net->forward(x, ForwardContext{});
    net->backbone()->layer(0)->weight.narrow(0, 16, kWidth - 16).normal_();
    net->backbone()->layer(1)->weight.narrow(0, 16, kWidth - 16).normal_();
    QVERIFY(torch::equal(y, net->forward(x, ForwardContext{})));
  }

  void memorizationRateComesFromConfig() {
    ModelConfig m = config("example_tied_dropout");
    m.memorizationRate = 0.6;
    auto net = createNetwork(m, kIn, kOut, 1);
    const auto masks = masksOf(*net, torch::randn({300, kIn}), torch::arange(300, torch::kLong));
    const double rate = masks[0].narrow(1, 16, kWidth - 16).to(torch::kFloat32).mean().item<double>();
    QVERIFY2(std::abs(rate - 0.6) < 0.03, qPrintable(QString::number(rate)));
  }

  void moeGateTrainsOnlyWhenTrainable_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<bool>("trainable");
    QTest::newRow("moe_trainable") << QString("moe_trainable") << true;
    QTest::newRow("moe_non_trainable") << QString("moe_non_trainable") << false;
  }
  void moeGateTrainsOnlyWhenTrainable() {
    QFETCH(QString, method);
    QFETCH(bool, trainable);
    auto net = makeAs<MoeMlp>(method.toStdString());
    QCOMPARE(net->experts(), int64_t{4});
    QCOMPARE(net->gateWeight().requires_grad(), trainable);
    const auto w0 = net->gateWeight().clone();
    const auto b0 = net->gateBias().clone();
    const auto e0 = net->expert(0)->layer(0)->weight.clone();
    const ToyProblem t = task();
    torch::optim::SGD opt(net->parameters(), torch::optim::SGDOptions(0.5));
    step(*net, opt, t);
    QCOMPARE(!torch::equal(w0, net->gateWeight()), trainable);
    QCOMPARE(!torch::equal(b0, net->gateBias()), trainable);
    QVERIFY(!torch::equal(e0, net->expert(0)->layer(0)->weight));  // experts train in both
  }

  void moeOutputIsChosenExpertScaledByGate() {
    auto net = makeAs<MoeMlp>("moe_trainable");
    torch::NoGradGuard g;
    const auto x = torch::randn({64, kIn});
    const auto y = net->forward(x, ForwardContext{});
    const auto probs = net->gateProbabilities(x);
    const auto choice = probs.argmax(1);
    QVERIFY((choice != choice[0]).any().item<bool>());  // the test exercises routing
    for (int64_t i = 0; i < 64; ++i) {
      const int64_t e = choice[i].item<int64_t>();
      const auto expected = probs[i][e] * net->expert(static_cast<size_t>(e))->forward(x.narrow(0, i, 1))[0];
      QVERIFY(torch::allclose(y[i], expected, 1e-5, 1e-6));
    }
    QVERIFY(!net->hasMasks());
  }

  void dropoutIsIdentityAtEvaluation() {
    auto net = makeAs<DropoutMlp>("dropout");
    auto standard = make("standard");
    const auto x = torch::randn({16, kIn});
    torch::NoGradGuard g;
    net->train();
    const auto t1 = net->forward(x, ForwardContext{});
    const auto t2 = net->forward(x, ForwardContext{});
    QVERIFY(!torch::allclose(t1, t2));  // fresh masks each training pass
    net->eval();
    QVERIFY(torch::equal(net->forward(x, ForwardContext{}), standard->forward(x, ForwardContext{})));
  }

  void l1PenaltyIsLambdaTimesSumOfAbsoluteWeights() {
    ModelConfig m = config("l1");
    m.l1Lambda = 0.003;
    auto net = std::dynamic_pointer_cast<L1Mlp>(createNetwork(m, kIn, kOut, 4));
    QVERIFY(net);
    const auto b = net->backbone();
    double sum = b->outputLayer()->weight.abs().sum().item<double>();
    for (size_t l = 0; l < 3; ++l) sum += b->layer(l)->weight.abs().sum().item<double>();
    const auto p = net->penalty();
    QVERIFY(p.defined() && p.requires_grad());
    QVERIFY(std::abs(p.item<double>() - 0.003 * sum) < 1e-6 * sum);
    // Biases are not penalised: changing them leaves the penalty as it is.
    {
      torch::NoGradGuard g;
      b->layer(0)->bias.add_(10.0);
    }
    QVERIFY(std::abs(net->penalty().item<double>() - p.item<double>()) < 1e-9);
    // Its gradient is lambda * sign(W).
    net->penalty().backward();
    QVERIFY(torch::allclose(b->layer(1)->weight.grad(), 0.003 * b->layer(1)->weight.sign()));
    // Default coefficient, and standard has no penalty.
    QCOMPARE(std::dynamic_pointer_cast<L1Mlp>(make("l1"))->lambda(), 1e-5);
    QVERIFY(!make("standard")->penalty().defined());
  }

  void maskingMethodsReportMasks_data() { addMethodRows(); }
  void maskingMethodsReportMasks() {
    QFETCH(QString, method);
    const std::string m = method.toStdString();
    const bool masking = m == "topk" || m == "layer_wise_routing" || m == "bernoulli_masking" ||
                         m == "example_tied_dropout" || m == "comet";
    auto net = make(m);
    QCOMPARE(net->hasMasks(), masking);
    net->train();
    const auto masks = masksOf(*net, torch::randn({4, kIn}), torch::arange(4, torch::kLong));
    QCOMPARE(masks.size(), masking ? size_t{3} : size_t{0});
    for (const auto& mk : masks) QCOMPARE(mk.sizes().vec(), (std::vector<int64_t>{4, kWidth}));
  }
};

QTEST_APPLESS_MAIN(TestMethods)
#include "tst_methods.moc"
