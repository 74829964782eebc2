// SPDX-License-Identifier: GPL-3.0-or-later
// The cap operator C_k: exactly k per row, and the documented tie rule.
#include <torch/torch.h>

#include <QtTest>

#include "core/model/Cap.h"

using namespace comet;

class TestCap : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void keepsExactlyKPerRow_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("k");
    QTest::newRow("k=1") << 50 << 1;
    QTest::newRow("k=10% of 1000") << 1000 << 100;
    QTest::newRow("k=half") << 64 << 32;
    QTest::newRow("k=width-1") << 17 << 16;
    QTest::newRow("k=width") << 17 << 17;
  }
  void keepsExactlyKPerRow() {
    QFETCH(int, width);
    QFETCH(int, k);
    torch::manual_seed(3);
    const auto c = torch::randn({64, width});
    const auto m = cap(c, k);
    QCOMPARE(m.sizes(), c.sizes());
    QVERIFY(torch::all((m == 0) | (m == 1)).item<bool>());
    QVERIFY(torch::all(m.sum(1) == k).item<bool>());
    // Every kept entry is at least as large as every dropped one, row by row.
    const auto keptMin = torch::where(m > 0, c, torch::full_like(c, INFINITY)).amin(1);
    const auto droppedMax = torch::where(m > 0, torch::full_like(c, -INFINITY), c).amax(1);
    QVERIFY(torch::all(keptMin >= droppedMax).item<bool>());
  }

  void tiesGoToTheLowestIndex() {
    // Row 0: four values tie at the k-th place; row 1: all equal.
    const auto c = torch::tensor({{1.0f, 3.0f, 2.0f, 2.0f, 2.0f, 2.0f, 0.0f},
                                  {5.0f, 5.0f, 5.0f, 5.0f, 5.0f, 5.0f, 5.0f}});
    const auto m = cap(c, 3);
    const auto expected = torch::tensor({{0.0f, 1.0f, 1.0f, 1.0f, 0.0f, 0.0f, 0.0f},
                                         {1.0f, 1.0f, 1.0f, 0.0f, 0.0f, 0.0f, 0.0f}});
    QVERIFY(torch::equal(m, expected));
  }

  // The radix select (float32 on the CPU) keeps the same entries as the topk
  // path: random rows, rows full of ties, signed zeros and infinities, small and
  // wide rows, on two threads; a non-contiguous or float64 input takes topk.
  void cpuPathsEqualTopk_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("k");
    QTest::newRow("gpt block") << 512 << 512 << 256;
    QTest::newRow("vit block") << 300 << 256 << 128;
    QTest::newRow("narrow") << 700 << 16 << 3;
    QTest::newRow("k=1") << 100 << 1000 << 1;
    QTest::newRow("k=width-1") << 100 << 33 << 32;
    QTest::newRow("mixer token block") << 1000 << 64 << 32;
    QTest::newRow("wider than the bitwise search") << 60 << 2000 << 700;
  }
  void cpuPathsEqualTopk() {
    QFETCH(int, rows);
    QFETCH(int, width);
    QFETCH(int, k);
    torch::set_num_threads(2);
    torch::manual_seed(rows + width);
    const auto random = torch::randn({rows, width});
    const auto ties = torch::randint(-3, 3, {rows, width}).to(torch::kFloat32);  // few distinct values
    auto special = torch::randn({rows, width});
    special.narrow(0, 0, rows / 2).mul_(0.0f);  // +0 and -0, which tie
    special.narrow(0, rows / 2, rows - rows / 2).select(1, 0).fill_(INFINITY);
    special.narrow(0, rows / 2, rows - rows / 2).select(1, width - 1).fill_(-INFINITY);
    // Both CPU paths: the bitwise search (rows up to 1024 wide) and the radix
    // select (wider rows, or COMET_CAP_RADIX set).
    for (const bool radix : {false, true}) {
      if (radix) qputenv("COMET_CAP_RADIX", "1");
      else qunsetenv("COMET_CAP_RADIX");
      for (const auto& c : {random, ties, special, random * 1e-30, random + 1e6})
        QVERIFY(torch::equal(cap(c, k), capWithTopk(c, k)));
      const auto strided = random.t().contiguous().t();  // same values, not contiguous
      QVERIFY(torch::equal(cap(strided, k), capWithTopk(random, k)));
    }
    qunsetenv("COMET_CAP_RADIX");
    QCOMPARE(cap(random.to(torch::kFloat64), k).scalar_type(), torch::kFloat64);
  }

  void kFromPk() {
    QCOMPARE(capK(0.5, 1000), int64_t{500});
    QCOMPARE(capK(0.1, 100), int64_t{10});
    QCOMPARE(capK(0.29, 100), int64_t{29});  // 0.29 * 100 is 28.999999999999996 in binary
    QCOMPARE(capK(0.001, 100), int64_t{1});  // never fewer than one winner
    QCOMPARE(capK(1.0, 7), int64_t{7});
    QCOMPARE(capK(0.9, 3), int64_t{2});
    QCOMPARE(capK(0.3, 10), int64_t{3});  // floor(3.0000000004)
    QCOMPARE(capK(1.0, 0), int64_t{1});   // the one winner rule, even at width 0
  }

  // The number of masks the config form shows: log10 binomial(N, k).
  void log10Binomial() {
    QVERIFY(std::abs(comet::log10Binomial(4, 2) - std::log10(6.0)) < 1e-9);
    QVERIFY(std::abs(comet::log10Binomial(1000, 500) - 299.4318) < 0.001);
    QCOMPARE(comet::log10Binomial(3, 5), 0.0);
  }

  void rejectsBadK() {
    const auto c = torch::zeros({2, 5});
    QVERIFY_THROWS_EXCEPTION(c10::Error, cap(c, 0));
    QVERIFY_THROWS_EXCEPTION(c10::Error, cap(c, 6));
  }
};

QTEST_APPLESS_MAIN(TestCap)
#include "tst_cap.moc"
