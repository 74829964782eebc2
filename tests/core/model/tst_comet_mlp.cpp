// SPDX-License-Identifier: GPL-3.0-or-later
// The COMET layer: deterministic fixed routing that never trains, equivalence with
// the standard model at p_k = 1, more overlap for similar inputs, the mask cache.
#include <torch/torch.h>

#include <QtTest>

#include "core/model/CometMlp.h"
#include "core/model/MethodRegistry.h"
#include "core/model/StandardMlp.h"
#include "core/probe/MaskProbe.h"

using namespace comet;

namespace {

ModelConfig cometConfig(double pk, int64_t width = 64) {
  ModelConfig m;
  m.method = "comet";
  m.widths = {width};
  m.hiddenLayers = 3;
  m.pk = pk;
  return m;
}

std::shared_ptr<CometMlp> makeComet(double pk, uint64_t seed, int64_t inputs = 20, int64_t width = 64) {
  return std::dynamic_pointer_cast<CometMlp>(createNetwork(cometConfig(pk, width), inputs, 5, seed));
}

std::vector<torch::Tensor> masksOf(CometMlp& net, const torch::Tensor& x) {
  std::vector<torch::Tensor> masks;
  ForwardContext ctx;
  ctx.masks = &masks;
  torch::NoGradGuard g;
  net.forward(x, ctx);
  return masks;
}

}  // namespace

class TestCometMlp : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void masksAreDeterministicForSeedAndInput() {
    const auto x = torch::randn({8, 20});
    auto a = makeComet(0.25, 7);
    auto b = makeComet(0.25, 7);
    auto c = makeComet(0.25, 8);
    const auto ma = masksOf(*a, x), mb = masksOf(*b, x), mc = masksOf(*c, x);
    QCOMPARE(ma.size(), size_t{3});
    for (size_t l = 0; l < 3; ++l) {
      QVERIFY(torch::equal(ma[l], mb[l]));
      QCOMPARE(ma[l].sum(1).eq(16).all().item<bool>(), true);  // k = floor(0.25 * 64)
    }
    QVERIFY(!torch::equal(ma[0], mc[0]));  // another seed routes differently
    QVERIFY(torch::equal(ma[0], masksOf(*a, x)[0]));  // and the same net twice is stable
  }

  void routingIsFixedDuringTraining() {
    auto net = makeComet(0.3, 1);
    // The projections are buffers, never parameters.
    for (const auto& p : net->named_parameters()) QVERIFY2(p.key().find("routing") == std::string::npos, p.key().c_str());
    std::vector<torch::Tensor> before;
    for (const auto& b : net->routing()->buffers()) before.push_back(b.clone());
    QCOMPARE(before.size(), size_t{3});
    const auto w0 = net->backbone()->layer(0)->weight.clone();
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(1e-2));
    const auto x = torch::randn({32, 20});
    const auto y = torch::randint(0, 5, {32}, torch::kLong);
    for (int i = 0; i < 5; ++i) {
      opt.zero_grad();
      torch::nn::functional::cross_entropy(net->forward(x, ForwardContext{}), y).backward();
      opt.step();
    }
    const auto after = net->routing()->buffers();
    for (size_t i = 0; i < before.size(); ++i) QVERIFY(torch::equal(before[i], after[i]));
    QVERIFY(!torch::equal(w0, net->backbone()->layer(0)->weight));  // the backbone did train
  }

  void pkOneEqualsStandard() {
    ModelConfig s = cometConfig(1.0);
    s.method = "standard";
    auto standard = createNetwork(s, 20, 5, 42);
    auto comet = createNetwork(cometConfig(1.0), 20, 5, 42);
    // Same seed, backbone built first: identical weights, and so identical outputs.
    const auto x = torch::randn({16, 20});
    const auto ys = standard->forward(x, ForwardContext{});
    const auto yc = comet->forward(x, ForwardContext{});
    QVERIFY(torch::equal(ys, yc));
    QCOMPARE(trainableParameters(*standard), trainableParameters(*comet));
  }

  void pkBelowOneDiffersFromStandard() {
    ModelConfig s = cometConfig(0.5);
    s.method = "standard";
    const auto x = torch::randn({16, 20});
    QVERIFY(!torch::allclose(createNetwork(s, 20, 5, 42)->forward(x, ForwardContext{}),
                             createNetwork(cometConfig(0.5), 20, 5, 42)->forward(x, ForwardContext{})));
  }

  void similarInputsShareMoreNeurons() {
    torch::manual_seed(2024);
    auto net = makeComet(0.2, 5, 100, 400);
    const int pairs = 64;
    const auto base = torch::randn({pairs, 100});
    const auto similar = base + 0.3 * torch::randn({pairs, 100});
    const auto unrelated = torch::randn({pairs, 100});
    const auto mb = masksOf(*net, base), ms = masksOf(*net, similar), mu = masksOf(*net, unrelated);
    for (size_t l = 0; l < 3; ++l) {
      const auto jSimilar = MaskProbe::jaccard(torch::cat({mb[l], ms[l]})).diagonal(pairs).mean().item<double>();
      const auto jUnrelated = MaskProbe::jaccard(torch::cat({mb[l], mu[l]})).diagonal(pairs).mean().item<double>();
      // k/N = 0.2: unrelated masks overlap near chance (0.2/1.8 = 0.11); similar inputs far more.
      QVERIFY2(jSimilar > jUnrelated + 0.2, qPrintable(QString("layer %1: similar %2, unrelated %3")
                                                           .arg(l + 1).arg(jSimilar).arg(jUnrelated)));
    }
  }

  void cachedMasksMatchComputedMasks() {
    auto net = makeComet(0.3, 9);
    const auto train = torch::randn({300, 20});
    const auto idx = torch::tensor({5, 299, 0, 17, 5}, torch::kLong);
    const auto x = train.index_select(0, idx);
    const auto direct = net->forward(x, ForwardContext{});
    net->prepare(train);
    ForwardContext ctx;
    ctx.exampleIndex = idx;
    const auto cached = net->forward(x, ctx);
    QVERIFY(torch::allclose(direct, cached, 1e-6, 1e-6));
  }

  void unknownMethodIsAConfigError() {
    ModelConfig m = cometConfig(0.5);
    m.method = "cometx";
    QVERIFY_THROWS_EXCEPTION(std::exception, createNetwork(m, 4, 2, 0));
  }
};

QTEST_APPLESS_MAIN(TestCometMlp)
#include "tst_comet_mlp.moc"
