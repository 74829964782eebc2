// SPDX-License-Identifier: GPL-3.0-or-later
// The oneDNN linear layer computes what torch::linear computes, gradients included.
#include <torch/torch.h>

#include <QtTest>

#include "core/model/FastLinear.h"

using namespace comet;

class TestFastLinear : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void matchesTorchLinear_data() {
    QTest::addColumn<int>("m");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("n");
    QTest::newRow("batch 32, 784 -> 1000") << 32 << 784 << 1000;
    QTest::newRow("odd sizes") << 7 << 13 << 5;
    QTest::newRow("one row") << 1 << 9 << 3;
  }
  void matchesTorchLinear() {
    QFETCH(int, m);
    QFETCH(int, k);
    QFETCH(int, n);
    torch::manual_seed(1);
    const auto x0 = torch::randn({m, k});
    const auto w0 = torch::randn({n, k});
    const auto b0 = torch::randn({n});
    const auto g = torch::randn({m, n});
    auto run = [&](bool fast) {
      auto x = x0.clone().requires_grad_(true);
      auto w = w0.clone().requires_grad_(true);
      auto b = b0.clone().requires_grad_(true);
      auto y = fast ? fastLinear(x, w, b) : torch::linear(x, w, b);
      y.backward(g);
      return std::vector<torch::Tensor>{y.detach(), x.grad(), w.grad(), b.grad()};
    };
    const auto fast = run(true), ref = run(false);
    for (size_t i = 0; i < fast.size(); ++i)
      QVERIFY2(torch::allclose(fast[i], ref[i], 1e-4, 1e-4), qPrintable(QString("output %1 differs").arg(i)));
  }

  void withoutBiasAndWithoutGrad() {
    const auto x = torch::randn({4, 6});
    const auto w = torch::randn({3, 6});
    torch::NoGradGuard g;
    QVERIFY(torch::allclose(fastLinear(x, w, {}), torch::matmul(x, w.t()), 1e-5, 1e-5));
  }

  void nonContiguousInput() {
    const auto x = torch::randn({6, 4}).t();  // [4, 6], not contiguous
    const auto w = torch::randn({3, 6});
    const auto b = torch::randn({3});
    QVERIFY(torch::allclose(fastLinear(x, w, b), torch::linear(x, w, b), 1e-5, 1e-5));
  }
};

QTEST_APPLESS_MAIN(TestFastLinear)
#include "tst_fast_linear.moc"
