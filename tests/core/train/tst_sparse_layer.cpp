// SPDX-License-Identifier: GPL-3.0-or-later
// One layer of sparse execution (core/train/SparseLayer) against a dense torch
// reference, for each product (column-dense rows, gathers through the layer
// below's 16- and 32-bit lists, GEMMs), on one thread and on several: the forward
// gives z = W x + b at the active entries, the backward the input gradient from the
// old weights (laid out like the layer below's entries after gathers, [batch, in]
// otherwise) and the SGD step W -= lr delta^T x, b -= lr sum(delta), delta being
// zero off the mask. Sizes are small and odd so that the four-at-a-time loops and
// the vector kernels' tails all run.
#include <torch/torch.h>

#include <QtTest>

#include "core/model/MaskCache.h"
#include "core/train/SparseLayer.h"

using namespace comet;

namespace {

// Example b's active neurons: the nonzero columns of mask row b, ascending.
MaskCache::ActiveLists listsOf(const torch::Tensor& mask) {
  MaskCache::ActiveLists a;
  const auto m = mask.to(torch::kBool).contiguous();
  const auto at = m.accessor<bool, 2>();
  a.offset.push_back(0);
  for (int64_t b = 0; b < m.size(0); ++b) {
    for (int64_t j = 0; j < m.size(1); ++j)
      if (at[b][j]) a.index.push_back(static_cast<int32_t>(j));
    a.offset.push_back(static_cast<int64_t>(a.index.size()));
  }
  return a;
}

// values (one per entry of `a`) into a [batch, width] double tensor, zero elsewhere;
// and back. Written here rather than through Entries::toDense, which is under test.
torch::Tensor dense(const MaskCache::ActiveLists& a, const std::vector<float>& values, int64_t width) {
  const int64_t batch = static_cast<int64_t>(a.offset.size()) - 1;
  auto out = torch::zeros({batch, width}, torch::kDouble);
  auto at = out.accessor<double, 2>();
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t p = a.offset[b]; p < a.offset[b + 1]; ++p) at[b][a.index[static_cast<size_t>(p)]] = values[p];
  return out;
}
std::vector<float> atEntries(const MaskCache::ActiveLists& a, const torch::Tensor& denseValues) {
  const auto d = denseValues.to(torch::kFloat32).contiguous();
  const auto at = d.accessor<float, 2>();
  std::vector<float> out(a.index.size());
  for (size_t b = 0; b + 1 < a.offset.size(); ++b)
    for (int64_t p = a.offset[b]; p < a.offset[b + 1]; ++p) out[static_cast<size_t>(p)] = at[b][a.index[p]];
  return out;
}

torch::Tensor asTensor(const std::vector<float>& v) {
  return torch::from_blob(const_cast<float*>(v.data()), {static_cast<int64_t>(v.size())}).to(torch::kDouble);
}

// Within float rounding of the double reference.
bool near(const torch::Tensor& got, const torch::Tensor& want, QString& why) {
  const double err = (got.to(torch::kDouble) - want).abs().max().item<double>();
  const double scale = std::max(1.0, want.abs().max().item<double>());
  why = QString("max error %1 at scale %2").arg(err).arg(scale);
  return got.sizes() == want.sizes() && err <= 1e-5 * scale;
}

enum class Kind { Rows, Gather16, Gather32, Gemm };

SparseProduct productOf(Kind k) {
  return k == Kind::Gemm ? SparseProduct::Gemm : k == Kind::Rows ? SparseProduct::ColumnDense : SparseProduct::Gather;
}

}  // namespace

Q_DECLARE_METATYPE(Kind)

class TestSparseLayer : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void matchesTheDenseProducts_data() {
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("threads");
    const std::pair<const char*, Kind> kinds[] = {
        {"rows", Kind::Rows}, {"gathers16", Kind::Gather16}, {"gathers32", Kind::Gather32}, {"gemm", Kind::Gemm}};
    for (const auto& [name, kind] : kinds) {
      QTest::addRow("%s 13x37->23, 1 thread", name) << kind << 13 << 37 << 23 << 1;
      QTest::addRow("%s 40x70->66, 1 thread", name) << kind << 40 << 70 << 66 << 1;
      QTest::addRow("%s 40x70->66, 3 threads", name) << kind << 40 << 70 << 66 << 3;
      QTest::addRow("%s 5x3->9, 2 threads", name) << kind << 5 << 3 << 9 << 2;
    }
  }
  void matchesTheDenseProducts() {
    QFETCH(Kind, kind);
    QFETCH(int, batch);
    QFETCH(int, in);
    QFETCH(int, width);
    QFETCH(int, threads);
    const int prior = torch::get_num_threads();
    torch::set_num_threads(threads);
    torch::manual_seed(batch * 1000 + in);
    const bool gathers = kind == Kind::Gather16 || kind == Kind::Gather32;
    const float lr = 0.05f;

    // The input: zero off its mask (the layer below's active neurons), the layer's
    // own mask, its weights and the deltas at its entries.
    const auto inMask = torch::rand({batch, in}) < 0.45;
    const auto x = torch::randn({batch, in}) * inMask.to(torch::kFloat32);
    const auto mask = torch::rand({batch, width}) < 0.4;
    const auto w0 = torch::randn({width, in}) * 0.3, b0 = torch::randn({width}) * 0.1;
    const MaskCache::ActiveLists belowLists = listsOf(inMask), lists = listsOf(mask);

    sparse::Entries below;
    below.build(belowLists, in, /*byRows=*/true, /*narrow=*/kind == Kind::Gather16);
    QCOMPARE(below.index16.empty(), kind != Kind::Gather16);
    below.h = atEntries(belowLists, x);

    const auto run = [&](bool wantInput, torch::Tensor& w, torch::Tensor& b, std::vector<float>& z,
                         sparse::InputGradient& g, const std::vector<float>* delta) {
      w = w0.clone();
      b = b0.clone();
      sparse::Layer layer;
      layer.product = productOf(kind);
      layer.entries.build(lists, width, /*byRows=*/kind != Kind::Gemm, /*narrow=*/false);
      layer.W = w.data_ptr<float>();
      layer.B = b.data_ptr<float>();
      layer.in = in;
      layer.N = width;
      layer.input = gathers ? nullptr : x.data_ptr<float>();
      layer.below = &below;
      sparse::forward(layer, batch);
      z = layer.entries.z;
      if (!delta) return;
      layer.entries.delta = *delta;
      g = sparse::backward(layer, batch, lr, wantInput);
    };

    torch::Tensor w, b;
    std::vector<float> z;
    sparse::InputGradient g;
    run(true, w, b, z, g, nullptr);
    const auto X = x.to(torch::kDouble), W0 = w0.to(torch::kDouble), B0 = b0.to(torch::kDouble);
    const auto M = mask.to(torch::kDouble);
    QString why;
    QCOMPARE(z.size(), lists.index.size());
    QVERIFY2(near(dense(lists, z, width), (X.matmul(W0.t()) + B0) * M, why), qPrintable("forward: " + why));

    // Backward from deltas at the entries.
    const std::vector<float> delta = atEntries(lists, torch::randn({batch, width}));
    const auto D = dense(lists, delta, width);
    run(true, w, b, z, g, &delta);
    QVERIFY2(near(w, W0 - lr * D.t().matmul(X), why), qPrintable("weights: " + why));
    QVERIFY2(near(b, B0 - lr * D.sum(0), why), qPrintable("biases: " + why));
    const auto G = D.matmul(W0);  // dLoss/dx from the old weights
    QCOMPARE(g.compact, gathers);
    QVERIFY(!g.buffers.empty());
    const size_t expectedSize = gathers ? belowLists.index.size() : static_cast<size_t>(batch * in);
    auto sum = torch::zeros({static_cast<int64_t>(expectedSize)}, torch::kDouble);
    for (const auto& part : g.buffers) {
      QCOMPARE(part.size(), expectedSize);
      sum += asTensor(part);
    }
    if (gathers)
      QVERIFY2(near(sum, asTensor(atEntries(belowLists, G)), why), qPrintable("input gradient (compact): " + why));
    else
      QVERIFY2(near(sum.view({batch, in}), G, why), qPrintable("input gradient: " + why));

    // Without the input gradient (the first layer): no buffers, the same step.
    run(false, w, b, z, g, &delta);
    QVERIFY(g.buffers.empty());
    QVERIFY2(near(w, W0 - lr * D.t().matmul(X), why), qPrintable("weights without the input gradient: " + why));
    QVERIFY2(near(b, B0 - lr * D.sum(0), why), qPrintable("biases without the input gradient: " + why));
    torch::set_num_threads(prior);
  }

  // Entries::toDense and fromDense are inverse at the entries and leave the other
  // places of the dense matrix alone.
  void entriesMoveBetweenListsAndMatrices() {
    torch::manual_seed(4);
    const auto mask = torch::rand({7, 65}) < 0.3;
    const MaskCache::ActiveLists lists = listsOf(mask);
    sparse::Entries e;
    e.build(lists, 65, true, true);
    QCOMPARE(e.examples(), int64_t{7});
    std::vector<float> values(lists.index.size());
    for (size_t p = 0; p < values.size(); ++p) values[p] = static_cast<float>(p) + 0.5f;
    std::vector<float> matrix(7 * 65, -1.0f);
    e.toDense(values, matrix.data(), 65);
    const auto M = torch::from_blob(matrix.data(), {7, 65}).clone();
    const auto expected = torch::where(mask, dense(lists, values, 65).to(torch::kFloat32), torch::full({7, 65}, -1.0f));
    QVERIFY(torch::equal(M, expected));
    std::vector<float> back(values.size(), 0.0f);
    e.fromDense(matrix.data(), 65, back);
    QCOMPARE(back, values);
    // Each neuron's entries (byRow) list exactly the entries with that neuron.
    for (int64_t r = 0; r < 65; ++r) {
      QCOMPARE(e.rowStart[r + 1] - e.rowStart[r], mask.select(1, r).sum().item<int64_t>());
      for (int64_t q = e.rowStart[r]; q < e.rowStart[r + 1]; ++q) QCOMPARE((*e.index)[e.byRow[q]], int32_t(r));
    }
  }
};

QTEST_APPLESS_MAIN(TestSparseLayer)
#include "tst_sparse_layer.moc"
