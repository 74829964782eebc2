// SPDX-License-Identifier: GPL-3.0-or-later
// Neuron usage, Jaccard overlap and the class x class matrix on hand-made masks.
#include <torch/torch.h>

#include <QtTest>

#include "core/model/MethodRegistry.h"
#include "core/probe/MaskProbe.h"

using namespace comet;

class TestMaskProbe : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void neuronUsage() {
    // 4 examples x 5 neurons; neuron 4 never used, neuron 0 always.
    const auto masks = torch::tensor({{1, 1, 0, 0, 0}, {1, 0, 1, 0, 0}, {1, 1, 0, 0, 0}, {1, 0, 0, 1, 0}}, torch::kBool);
    const auto labels = torch::tensor({0, 1, 0, 1}, torch::kLong);
    const auto u = MaskProbe::neuronUsage(masks, labels, 2, 2);
    QCOMPARE(u.frequency, (std::vector<float>{1.0f, 0.5f, 0.25f, 0.25f, 0.0f}));
    QCOMPARE(u.dead, int64_t{1});
    QCOMPARE(u.alwaysOn, int64_t{1});
    // Class 0 (examples 0, 2) always uses neuron 1; class 1 (1, 3) never does.
    QCOMPARE(u.classFrequency, (std::vector<float>{1, 1, 0, 0, 0, 1, 0, 0.5f, 0.5f, 0}));
  }

  void jaccard() {
    const auto masks = torch::tensor({{1, 1, 0, 0}, {1, 0, 1, 0}, {0, 0, 1, 1}}, torch::kBool);
    const auto j = MaskProbe::jaccard(masks);
    QVERIFY(torch::allclose(j, torch::tensor({{1.0f, 1 / 3.0f, 0.0f}, {1 / 3.0f, 1.0f, 1 / 3.0f}, {0.0f, 1 / 3.0f, 1.0f}})));
  }

  void reportOnACometNetwork() {
    ModelConfig m;
    m.method = "comet";
    m.widths = {40};
    m.pk = 0.25;
    auto net = createNetwork(m, 12, 3, 0);
    torch::manual_seed(0);
    // Two tight clusters of inputs: examples of a class share most neurons.
    const auto centres = torch::randn({3, 12}) * 3;
    const auto labels = torch::arange(60, torch::kLong) % 3;
    const auto x = centres.index_select(0, labels) + 0.1 * torch::randn({60, 12});
    ProbeConfig pc;
    pc.examples = 60;
    pc.pairExamples = 30;
    pc.similarityBins = 5;
    const MaskProbe probe(pc, x, labels, 3);
    const auto r = probe.run(*net, {10, 10, 10}, 4);
    QCOMPARE(r.layers.size(), size_t{3});
    QCOMPARE(r.epoch, int64_t{4});
    for (const auto& lp : r.layers) {
      QCOMPARE(lp.usage.width, int64_t{40});
      double sum = 0;
      for (float f : lp.usage.frequency) sum += f;
      QVERIFY(qAbs(sum - 10.0) < 1e-4);  // exactly k neurons per example
      QCOMPARE(lp.overlap.classMean.size(), size_t{9});
      // Within-class overlap beats between-class overlap.
      const auto& cm = lp.overlap.classMean;
      QVERIFY(cm[0] > cm[1] && cm[4] > cm[3] && cm[8] > cm[6]);
      QVERIFY(lp.overlap.similarityCorrelation > 0.3);
      QCOMPARE(lp.overlap.pairLabels.size(), size_t{30});
      QVERIFY(std::is_sorted(lp.overlap.pairLabels.begin(), lp.overlap.pairLabels.end()));
      QCOMPARE(lp.overlap.examples.size(), size_t{900});
      QCOMPARE(lp.overlap.bins.size(), size_t{5});
      int64_t pairs = 0;
      for (const auto& b : lp.overlap.bins) pairs += b.pairs;
      QCOMPARE(pairs, int64_t{60 * 59 / 2});
    }
  }

  void standardHasNoMasks() {
    ModelConfig m;
    m.method = "standard";
    m.widths = {8};
    auto net = createNetwork(m, 4, 2, 0);
    const MaskProbe probe(ProbeConfig{}, torch::randn({10, 4}), torch::zeros({10}, torch::kLong), 2);
    QVERIFY(probe.run(*net, {}, 1).layers.empty());
  }
};

QTEST_APPLESS_MAIN(TestMaskProbe)
#include "tst_mask_probe.moc"
