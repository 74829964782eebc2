// SPDX-License-Identifier: GPL-3.0-or-later
// The transformer backbones on images (issue 10): patches, shapes, attention
// against a reference written out per head, causal masking, COMET in the block
// MLPs (k per token, p_k = 1 equals standard, no gradient into the routing),
// the methods a transformer runs and the config errors, learning, and an exact
// resume for each backbone.
#include <torch/torch.h>

#include <QDir>
#include <QtTest>

#include "core/config/ConfigLoader.h"
#include "core/model/MethodRegistry.h"
#include "core/model/transformer/Attention.h"
#include "core/model/transformer/BlockMlp.h"
#include "core/model/transformer/Transformers.h"
#include "core/probe/MaskProbe.h"
#include "core/train/Trainer.h"
#include "core/util/Error.h"
#include "tests/support/Fixtures.h"
#include "tests/support/ResumeCheck.h"

using namespace comet;

namespace {

const std::vector<int64_t> kShape = {1, 8, 8};

ModelConfig model(const std::string& backbone, const std::string& method, double pk = 0.5) {
  ModelConfig m = testing::smallTransformer(backbone, method, pk);
  m.patchSize = 2;  // 16 tokens of 4 pixels
  m.tokenMlpDim = 12;
  m.channelMlpDim = 24;
  return m;
}

Network build(const ModelConfig& m, uint64_t seed = 3) { return testing::buildClassifier(m, kShape, 4, seed); }

// 4 classes of 8x8 images: a bright quadrant (the class) on noise.
std::shared_ptr<const DataSplits> quadrants(int64_t n) {
  torch::manual_seed(17);
  const auto make = [](int64_t rows) {
    Dataset d;
    auto x = torch::randn({rows, 1, 8, 8}) * 0.3;
    const auto y = torch::randint(0, 4, {rows}, torch::kLong);
    for (int64_t i = 0; i < rows; ++i) {
      const int64_t c = y[i].item<int64_t>();
      x[i].narrow(1, (c / 2) * 4, 4).narrow(2, (c % 2) * 4, 4).add_(1.5);
    }
    d.x = x.view({rows, 64});
    d.y = y;
    return d;
  };
  auto s = std::make_shared<DataSplits>();
  s->train = make(n);
  s->val = make(64);
  s->test = make(64);
  s->task = Task::Classification;
  s->numClasses = 4;
  s->inputShape = kShape;
  return s;
}

bool configErrorNames(const std::function<void()>& f, const std::string& needle) {
  try {
    f();
  } catch (const ConfigError& e) {
    if (std::string(e.what()).find(needle) != std::string::npos) return true;
    qWarning() << e.what();
  }
  return false;
}

}  // namespace

class TestTransformers : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  void patchesAreRowMajorSquares() {
    const auto x = torch::arange(2 * 16, torch::kFloat).view({2, 16});  // 2 images, 1 x 4 x 4
    const auto p = patchify(x, {1, 4, 4}, 2);
    QCOMPARE(p.sizes().vec(), (std::vector<int64_t>{2, 4, 4}));
    // Patch 1 of image 0 is the top-right 2x2: pixels 2, 3, 6, 7.
    QCOMPARE(p[0][1][0].item<float>(), 2.f);
    QCOMPARE(p[0][1][3].item<float>(), 7.f);
    QCOMPARE(p[1][2][0].item<float>(), 16.f + 8.f);  // image 1, bottom-left
    // Channels: a patch holds each channel's pixels in turn.
    const auto rgb = patchify(torch::arange(3 * 4, torch::kFloat).view({1, 12}), {3, 2, 2}, 2);
    QCOMPARE(rgb.sizes().vec(), (std::vector<int64_t>{1, 1, 12}));
    QCOMPARE(rgb[0][0][4].item<float>(), 4.f);
  }

  void shapes_data() {
    QTest::addColumn<QString>("backbone");
    QTest::addColumn<QString>("method");
    for (const char* b : {"vit", "mixer"})
      for (const char* m : {"standard", "comet", "topk", "dropout", "smaller"})
        QTest::newRow((std::string(b) + "/" + m).c_str()) << QString(b) << QString(m);
  }
  void shapes() {
    QFETCH(QString, backbone);
    QFETCH(QString, method);
    auto net = build(model(backbone.toStdString(), method.toStdString()));
    const auto out = net->forward(torch::randn({5, 64}));
    QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{5, 4}));
    QVERIFY(torch::isfinite(out).all().item<bool>());
  }

  // COMET at p_k = 1 keeps every neuron: the same seed gives the standard model.
  void fullCapEqualsStandard_data() {
    QTest::addColumn<QString>("backbone");
    QTest::newRow("vit") << "vit";
    QTest::newRow("mixer") << "mixer";
  }
  void fullCapEqualsStandard() {
    QFETCH(QString, backbone);
    const auto x = torch::randn({6, 64});
    auto standard = build(model(backbone.toStdString(), "standard"), 9);
    auto comet = build(model(backbone.toStdString(), "comet", 1.0), 9);
    QVERIFY(torch::equal(standard->forward(x), comet->forward(x)));
    auto half = build(model(backbone.toStdString(), "comet", 0.5), 9);
    QVERIFY(!torch::allclose(standard->forward(x), half->forward(x)));
  }

  // k of the hidden neurons per token, chosen by the fixed projection of the
  // token (not trained, no gradient); different tokens get different masks.
  void cometMasksEachTokenByAFixedProjection() {
    torch::manual_seed(1);
    BlockMlp mlp(16, 40, "comet", 0.25, "gelu");
    mlp->drawRouting();
    for (const auto& p : mlp->named_parameters()) QVERIFY2(p.key().find("routing") == std::string::npos, p.key().c_str());
    QCOMPARE(mlp->named_buffers().size(), size_t{1});
    const auto x = torch::randn({3, 7, 16}, torch::requires_grad());
    std::vector<torch::Tensor> masks;
    const auto y = mlp->forward(x, &masks);
    QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{3, 7, 16}));
    QCOMPARE(masks.size(), size_t{1});
    QCOMPARE(masks[0].sizes().vec(), (std::vector<int64_t>{21, 40}));
    QVERIFY(torch::all(masks[0].sum(1) == 10).item<bool>());  // k = floor(0.25 * 40)
    QVERIFY(!torch::equal(masks[0][0], masks[0][1]));
    // The same token gives the same mask wherever it stands.
    std::vector<torch::Tensor> again;
    mlp->forward(x.detach()[0][0].view({1, 1, 16}), &again);
    QVERIFY(torch::equal(again[0][0], masks[0][0]));
    y.sum().backward();
    QVERIFY(x.grad().defined());
    QVERIFY(!mlp->named_buffers()["routing"].requires_grad());
    // smaller: a dense hidden layer of k neurons.
    QCOMPARE(BlockMlp(16, 40, "smaller", 0.25, "gelu")->hidden(), int64_t{10});
  }

  // Attention against softmax(q k^T / sqrt(d)) v written out head by head, with
  // and without the causal mask.
  void attentionMatchesAReference_data() {
    QTest::addColumn<bool>("causal");
    QTest::newRow("bidirectional") << false;
    QTest::newRow("causal") << true;
  }
  void attentionMatchesAReference() {
    QFETCH(bool, causal);
    torch::manual_seed(5);
    const int64_t dim = 12, heads = 3, head = 4, tokens = 5;
    Attention attn(dim, heads, causal);
    const auto x = torch::randn({2, tokens, dim});
    const auto got = attn->forward(x);
    const auto W = attn->qkv()->weight, b = attn->qkv()->bias;
    auto expected = torch::zeros({2, tokens, dim});
    for (int64_t n = 0; n < 2; ++n)
      for (int64_t h = 0; h < heads; ++h) {
        const auto q = torch::matmul(x[n], W.narrow(0, h * head, head).t()) + b.narrow(0, h * head, head);
        const auto k = torch::matmul(x[n], W.narrow(0, dim + h * head, head).t()) + b.narrow(0, dim + h * head, head);
        const auto v = torch::matmul(x[n], W.narrow(0, 2 * dim + h * head, head).t()) + b.narrow(0, 2 * dim + h * head, head);
        for (int64_t t = 0; t < tokens; ++t) {
          const int64_t seen = causal ? t + 1 : tokens;
          const auto s = torch::matmul(k.narrow(0, 0, seen), q[t]) / std::sqrt(4.0);
          expected[n][t].narrow(0, h * head, head).copy_(torch::matmul(torch::softmax(s, 0), v.narrow(0, 0, seen)));
        }
      }
    expected = torch::matmul(expected, attn->proj()->weight.t()) + attn->proj()->bias;
    QVERIFY(torch::allclose(got, expected, 1e-5, 1e-5));
  }

  // Causal: changing token t + 1 leaves the outputs of tokens <= t as they were.
  void causalAttentionSeesNoFuture() {
    torch::manual_seed(6);
    Attention attn(8, 2, true);
    auto x = torch::randn({1, 6, 8});
    const auto before = attn->forward(x);
    auto changed = x.clone();
    changed[0][4] += 5;
    const auto after = attn->forward(changed);
    QVERIFY(torch::equal(before.narrow(1, 0, 4), after.narrow(1, 0, 4)));
    QVERIFY(!torch::allclose(before.narrow(1, 4, 1), after.narrow(1, 4, 1)));
  }

  void configErrorsNameTheKey() {
    QVERIFY(configErrorNames([] { build(model("vit", "l1")); }, "model.method: 'l1' does not run on a transformer"));
    auto m = model("vit", "comet");
    m.patchSize = 3;
    QVERIFY(configErrorNames([&] { build(m); }, "model.patch_size: 3 does not divide the 8x8 images"));
    m = model("vit", "comet");
    m.heads = 5;
    QVERIFY(configErrorNames([&] { build(m); }, "model.heads: 5 heads do not divide model.embed_dim 16"));
    QVERIFY(configErrorNames([] { createNetwork(model("mixer", "comet"), std::vector<int64_t>{64}, {TaskSpec{"", Task::Classification, 2, {}}}, 0); },
                             "needs images"));
    // The loader refuses the same before any data is read.
    QVERIFY(configErrorNames([] { ConfigLoader::loadString("model: {backbone: vit, method: bernoulli_masking}", "test.yaml"); },
                             "key 'model.method': 'bernoulli_masking' does not run on backbone vit"));
    QVERIFY(configErrorNames([] { ConfigLoader::loadString("model: {backbone: vit, embed_dim: 30, heads: 4}", "test.yaml"); },
                             "key 'model.heads': 4 heads do not divide model.embed_dim (30)"));
    QVERIFY(configErrorNames([] { ConfigLoader::loadString("model: {backbone: mixer, mixer_masked: tokens}", "test.yaml"); },
                             "model.mixer_masked"));
  }

  // The mask probes see a block MLP's masks per token: usage over every token,
  // overlap as the mean over positions of the Jaccard index at the same position.
  void probesSeeEveryBlockMlp() {
    ProbeConfig pc;
    pc.examples = 24;
    pc.pairExamples = 24;
    const auto data = quadrants(64);
    auto vit = build(model("vit", "comet"));
    QVERIFY(vit->hasMasks());
    QVERIFY(!build(model("vit", "standard"))->hasMasks());
    MaskProbe probe(pc, data->val.x, data->val.y, 4);
    const auto report = probe.run(*vit, {16, 16}, 1);
    QCOMPARE(report.layers.size(), size_t{2});  // depth 2
    for (const auto& lp : report.layers) {
      QCOMPARE(lp.positions, int64_t{16});  // tokens
      QCOMPARE(lp.usage.width, int64_t{32});
      double mean = 0;
      for (float f : lp.usage.frequency) mean += f;
      QVERIFY(std::abs(mean / 32 - 0.5) < 1e-6);  // k = 16 of 32 on every token
      QCOMPARE(lp.usage.classFrequency.size(), size_t{4 * 32});
      QVERIFY(lp.overlap.meanJaccard > 0 && lp.overlap.meanJaccard < 1);
    }
    // positionJaccard is the mean of the per-position Jaccard matrices.
    const auto masks = (torch::rand({3 * 2, 10}) > 0.5);
    const auto byPosition = masks.view({3, 2, 10});
    const auto expected = (MaskProbe::jaccard(byPosition.select(1, 0)) + MaskProbe::jaccard(byPosition.select(1, 1))) / 2;
    QVERIFY(torch::allclose(MaskProbe::positionJaccard(masks, 3), expected));
    // The Mixer: per channel in its token MLPs, per token in its channel MLPs.
    auto m = model("mixer", "comet");
    m.embedDim = 12;
    const auto mixer = build(m);
    const auto mixed = probe.run(*mixer, {6, 12, 6, 12}, 1);
    QCOMPARE(mixed.layers.size(), size_t{4});
    QCOMPARE(mixed.layers[0].positions, int64_t{12});  // channels
    QCOMPARE(mixed.layers[0].usage.width, int64_t{12});  // token_mlp_dim
    QCOMPARE(mixed.layers[1].positions, int64_t{16});  // tokens
    QCOMPARE(mixed.layers[1].usage.width, int64_t{24});  // channel_mlp_dim
  }

  // A few epochs lower the loss and learn the quadrants; stopped after an epoch
  // and resumed, each backbone ends exactly where an uninterrupted run does.
  void learnsAndResumesExactly_data() {
    QTest::addColumn<QString>("backbone");
    QTest::newRow("vit") << "vit";
    QTest::newRow("mixer") << "mixer";
  }
  void learnsAndResumesExactly() {
    QFETCH(QString, backbone);
    ExperimentConfig c;
    c.seed = 2;
    c.model = model(backbone.toStdString(), "comet");
    c.model.residualDropout = 0.1;  // the dropout stream must resume too
    c.train.epochs = 3;
    c.train.batchSize = 32;
    c.train.lr = backbone == "vit" ? 1e-2 : 3e-3;
    c.probe.enabled = false;
    const auto r = testing::stopAfterFirstEpochAndResume(
        c, quadrants(512), QDir::tempPath().toStdString() + "/comet_transformer_resume_" + backbone.toStdString());
    QCOMPARE(r.straight.size(), size_t{3});
    QVERIFY2(r.straight[2].trainLoss < 0.7 * r.straight[0].trainLoss, "the loss did not fall");
    QVERIFY2(r.straightSummary.testAcc > 0.8, qPrintable(QString::number(r.straightSummary.testAcc)));
    QCOMPARE(r.stoppedStatus, std::string("stopped"));
    QCOMPARE(r.resumed.size(), size_t{2});
    for (size_t e = 0; e < 2; ++e) QCOMPARE(r.resumed[e].trainLoss, r.straight[e + 1].trainLoss);
    QCOMPARE(r.resumedSummary.testLoss, r.straightSummary.testLoss);
  }
};

QTEST_GUILESS_MAIN(TestTransformers)
#include "tst_transformers.moc"
