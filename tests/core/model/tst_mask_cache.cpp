// SPDX-License-Identifier: GPL-3.0-or-later
// The mask cache (core/model/MaskCache): looked up by example index, it gives the
// masks the routing network computes on the fly for those examples, k active
// neurons each; its active lists hold exactly the set bits, ascending, at every
// width around a 64-bit word (63, 64, 65, 127, 128, 129, 130); a stored row
// replaces the old one; indices out of range are refused.
#include <torch/torch.h>

#include <QtTest>

#include "core/model/CapMath.h"
#include "core/model/CometMlp.h"
#include "core/model/MaskCache.h"
#include "core/model/RoutingNetwork.h"

using namespace comet;

namespace {

// The active lists of one layer as a [batch, width] 0/1 float tensor; also checks
// that the offsets are well formed and each example's list ascends.
torch::Tensor unpack(const MaskCache::ActiveLists& a, int64_t width, QString& fault) {
  const int64_t batch = static_cast<int64_t>(a.offset.size()) - 1;
  auto m = torch::zeros({batch, width}, torch::kFloat32);
  if (a.offset.empty() || a.offset.front() != 0 || a.offset.back() != static_cast<int64_t>(a.index.size())) {
    fault = "offsets do not span the index list";
    return m;
  }
  auto at = m.accessor<float, 2>();
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t p = a.offset[b]; p < a.offset[b + 1]; ++p) {
      const int32_t j = a.index[static_cast<size_t>(p)];
      if (j < 0 || j >= width)
        fault = QString("example %1: neuron %2 out of range").arg(b).arg(j);
      else if (p > a.offset[b] && a.index[static_cast<size_t>(p - 1)] >= j)
        fault = QString("example %1: list not ascending at %2").arg(b).arg(j);
      else
        at[b][j] = 1.0f;
    }
  return m;
}

// Stores `masks` (one [examples, width] tensor per layer) in chunks of `chunk` rows.
MaskCache cacheOf(const std::vector<torch::Tensor>& masks, const std::vector<int64_t>& widths, int64_t chunk) {
  const int64_t n = masks.front().size(0);
  MaskCache cache(n, widths);
  for (int64_t first = 0; first < n; first += chunk) {
    std::vector<torch::Tensor> part;
    for (const auto& m : masks) part.push_back(m.narrow(0, first, std::min(chunk, n - first)));
    cache.store(first, part);
  }
  return cache;
}

// Compares what the cache gives for `indices` with `want` (one [examples, width]
// tensor per layer, nonzero = on): the looked-up masks and the active lists.
void expectSame(const MaskCache& cache, const std::vector<torch::Tensor>& want, const std::vector<int64_t>& widths,
                const torch::Tensor& indices) {
  const auto looked = cache.lookup(indices);
  const auto lists = cache.active(indices);
  QCOMPARE(looked.size(), widths.size());
  QCOMPARE(lists.size(), widths.size());
  for (size_t l = 0; l < widths.size(); ++l) {
    const auto expected = (want[l].index_select(0, indices) != 0).to(torch::kFloat32);
    QCOMPARE(looked[l].scalar_type(), torch::kFloat32);
    const QString where = QString("layer %1 (width %2)").arg(l).arg(widths[l]);
    QVERIFY2(torch::equal(looked[l], expected), qPrintable("lookup, " + where));
    QString fault;
    const auto unpacked = unpack(lists[l], widths[l], fault);
    QVERIFY2(fault.isEmpty(), qPrintable("active, " + where + ": " + fault));
    QVERIFY2(torch::equal(unpacked, expected), qPrintable("active, " + where));
  }
}

}  // namespace

class TestMaskCache : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::manual_seed(5); }

  // The routing network's masks of the indexed examples, k per example, at widths
  // on both sides of 64-bit words; stored in chunks that start mid-word, looked up
  // in any order, with repeats, on one thread and on several.
  void holdsTheRoutingMasks_data() {
    QTest::addColumn<int>("threads");
    QTest::newRow("1 thread") << 1;
    QTest::newRow("3 threads") << 3;
  }
  void holdsTheRoutingMasks() {
    QFETCH(int, threads);
    const int prior = torch::get_num_threads();
    torch::set_num_threads(threads);
    const std::vector<int64_t> widths = {63, 64, 65, 130};
    const double pk = 0.3;
    RoutingNetwork routing(20, widths, pk);
    const auto train = torch::randn({300, 20});
    const auto masks = routing->masks(train);
    const MaskCache cache = cacheOf(masks, widths, 37);
    QCOMPARE(cache.examples(), int64_t{300});
    // Batches past active()'s grain of 16 examples, so that threads split them.
    const auto indices = torch::cat({torch::tensor({5, 299, 0, 17, 5, 36, 37, 38}, torch::kLong),
                                     torch::randint(0, 300, {57}, torch::kLong)});
    const auto onTheFly = routing->masks(train.index_select(0, indices));
    const auto lists = cache.active(indices);
    for (size_t l = 0; l < widths.size(); ++l) {
      QCOMPARE(routing->ks()[l], capK(pk, widths[l]));
      QVERIFY(torch::equal(cache.lookup(indices)[l], (onTheFly[l] != 0).to(torch::kFloat32)));
      for (int64_t b = 0; b < indices.numel(); ++b)
        QCOMPARE(lists[l].offset[b + 1] - lists[l].offset[b], routing->ks()[l]);
    }
    expectSame(cache, masks, widths, indices);
    torch::set_num_threads(prior);
  }

  // CometMlp fills the cache itself (in chunks of 1024 examples): a training
  // batch's forward by example index equals the forward on the inputs alone.
  void cometMlpCachesEveryTrainingExample() {
    CometMlp net(12, {65, 64}, 3, 0.25, "relu", "none");
    const auto train = torch::randn({1100, 12});
    net.prepare(train);
    const MaskCache& cache = net.maskCache();
    QCOMPARE(cache.examples(), int64_t{1100});
    const auto indices = torch::tensor({0, 1023, 1024, 1099, 512}, torch::kLong);
    expectSame(cache, net.routing()->masks(train), {65, 64}, indices);
    const auto x = train.index_select(0, indices);
    ForwardContext ctx;
    ctx.exampleIndex = indices;
    QVERIFY(torch::equal(net.forward(x, ctx), net.forward(x, ForwardContext{})));
  }

  // Any bit pattern round-trips at widths around byte and word boundaries: random
  // rows of several densities, and rows with one bit on each side of a boundary,
  // all on, all off. Nonzero of any value and sign means on.
  void bitPatternsRoundTrip_data() {
    QTest::addColumn<int>("width");
    for (int w : {1, 7, 8, 9, 63, 64, 65, 127, 128, 129, 130, 200}) QTest::newRow(qPrintable(QString::number(w))) << w;
  }
  void bitPatternsRoundTrip() {
    QFETCH(int, width);
    std::vector<torch::Tensor> rows;
    for (double density : {0.05, 0.5, 0.95}) rows.push_back((torch::rand({20, width}) < density).to(torch::kFloat32));
    rows.push_back(torch::zeros({1, width}));
    rows.push_back(torch::ones({1, width}));
    for (int64_t bit : {0, 7, 8, 62, 63, 64, 65, 127, 128, 129, width - 1})
      if (bit < width) {
        auto one = torch::zeros({1, width});
        one[0][bit] = bit % 2 ? -2.5f : 0.25f;
        rows.push_back(one);
      }
    const auto masks = torch::cat(rows);
    const int64_t n = masks.size(0);
    const MaskCache cache = cacheOf({masks}, {width}, 13);
    expectSame(cache, {masks}, {width}, torch::arange(n, torch::kLong));
    expectSame(cache, {masks}, {width}, torch::arange(n - 1, -1, -1, torch::kLong));
  }

  // store() replaces rows: a row stored again keeps none of its old bits.
  void storingAgainReplacesTheRow() {
    const std::vector<int64_t> widths = {70, 9};
    MaskCache cache(4, widths);
    cache.store(0, {torch::ones({4, 70}), torch::ones({4, 9})});
    auto sparse = torch::zeros({2, 70});
    sparse[0][69] = 1;
    sparse[1][3] = 1;
    cache.store(1, {sparse, torch::zeros({2, 9})});
    const auto want70 = torch::cat({torch::ones({1, 70}), sparse, torch::ones({1, 70})});
    const auto want9 = torch::cat({torch::ones({1, 9}), torch::zeros({2, 9}), torch::ones({1, 9})});
    expectSame(cache, {want70, want9}, widths, torch::arange(4, torch::kLong));
  }

  void refusesWhatIsOutOfRange() {
    MaskCache cache(3, {10});
    QVERIFY(!cache.empty());
    QVERIFY(MaskCache().empty());
    QVERIFY_THROWS_EXCEPTION(c10::Error, cache.lookup(torch::tensor({3}, torch::kLong)));
    QVERIFY_THROWS_EXCEPTION(c10::Error, cache.lookup(torch::tensor({-1}, torch::kLong)));
    QVERIFY_THROWS_EXCEPTION(c10::Error, cache.active(torch::tensor({0, 3}, torch::kLong)));
    QVERIFY_THROWS_EXCEPTION(c10::Error, cache.store(2, {torch::ones({2, 10})}));   // past the end
    QVERIFY_THROWS_EXCEPTION(c10::Error, cache.store(0, {torch::ones({1, 11})}));   // another width
    QVERIFY_THROWS_EXCEPTION(c10::Error, cache.store(0, {torch::ones({1, 10}), torch::ones({1, 10})}));  // layers
  }
};

QTEST_APPLESS_MAIN(TestMaskCache)
#include "tst_mask_cache.moc"
