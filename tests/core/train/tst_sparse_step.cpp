// SPDX-License-Identifier: GPL-3.0-or-later
// Sparse execution (model.execution: sparse) takes the same SGD steps as the dense
// path: losses step by step and every weight after 60 steps agree within float
// rounding, for every activation, for classification and regression, with one and
// with two threads; configs it cannot run are refused with the reason, and auto
// picks dense for them. (Save and resume: tst_checkpoint's sparse row.)
#include <torch/torch.h>

#include <QtTest>
#include <cmath>

#include "core/config/ConfigLoader.h"
#include "core/model/CometMlp.h"
#include "core/train/Execution.h"
#include "core/train/Trainer.h"
#include "core/util/Error.h"

using namespace comet;

namespace {

std::shared_ptr<const DataSplits> data(bool classification) {
  auto d = std::make_shared<DataSplits>();
  torch::manual_seed(3);
  const auto x = torch::randn({256, 20});
  d->task = classification ? Task::Classification : Task::Regression;
  d->numClasses = classification ? 5 : 0;
  // Targets that depend on the input, so that the loss moves.
  const auto score = x.narrow(1, 0, 5) + 0.3 * x.narrow(1, 5, 5);
  const auto y = classification ? score.argmax(1) : score.sum(1, true);
  d->train = {x, y};
  d->val = {x.narrow(0, 0, 32), y.narrow(0, 0, 32)};
  d->test = d->val;
  d->inputShape = {20};
  return d;
}

ExperimentConfig config(const std::string& activation, const std::string& execution) {
  ExperimentConfig c;
  c.seed = 11;
  c.model.method = "comet";
  c.model.widths = {64, 48, 40};
  c.model.pk = 0.25;
  c.model.activation = activation;
  c.model.execution = execution;
  c.train.optimizer = "sgd";
  c.train.lr = 0.05;
  c.train.batchSize = 16;
  return c;
}

double relDiff(double a, double b) { return std::abs(a - b) / std::max({1e-6, std::abs(a), std::abs(b)}); }

}  // namespace

class TestSparseStep : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void sameStepsAsDense_data() {
    QTest::addColumn<QString>("activation");
    QTest::addColumn<bool>("classification");
    QTest::addColumn<int>("threads");
    QTest::addColumn<QString>("kernel");  // COMET_SPARSE_KERNEL: column-dense or gathers
    for (const char* a : {"softplus", "relu", "leaky_relu", "tanh", "silu", "elu", "gelu"})
      QTest::newRow(a) << a << true << 1 << "dense";
    QTest::newRow("softplus, regression") << "softplus" << false << 1 << "dense";
    QTest::newRow("softplus, 2 threads") << "softplus" << true << 2 << "dense";
    QTest::newRow("softplus, gathers") << "softplus" << true << 1 << "gather";
    QTest::newRow("gelu, regression, gathers, 2 threads") << "gelu" << false << 2 << "gather";
  }
  void sameStepsAsDense() {
    QFETCH(QString, activation);
    QFETCH(bool, classification);
    QFETCH(int, threads);
    QFETCH(QString, kernel);
    torch::set_num_threads(threads);
    const auto d = data(classification);
    Trainer dense(config(activation.toStdString(), "dense"), d);
    qputenv("COMET_SPARSE_KERNEL", kernel.toUtf8());
    Trainer sparse(config(activation.toStdString(), "sparse"), d);
    qunsetenv("COMET_SPARSE_KERNEL");
    QCOMPARE(dense.info().execution, std::string("dense"));
    QCOMPARE(sparse.info().execution, std::string("sparse"));
    dense.network()->prepare(d->train.x);
    sparse.network()->prepare(d->train.x);
    torch::manual_seed(5);
    const auto order = torch::randperm(256, torch::kLong);
    double worst = 0;
    for (int step = 0; step < 60; ++step) {
      const auto idx = order.narrow(0, (step * 16) % 256, 16);
      const double a = dense.trainStep(idx), b = sparse.trainStep(idx);
      worst = std::max(worst, relDiff(a, b));
      QVERIFY2(relDiff(a, b) < 1e-4, qPrintable(QString("step %1: dense loss %2, sparse %3").arg(step + 1).arg(a, 0, 'g', 10).arg(b, 0, 'g', 10)));
    }
    qInfo("largest relative difference of a step's loss, dense against sparse: %.3g", worst);
    // Every parameter (the routing network's are fixed in both) after 60 steps.
    const auto pd = dense.network()->named_parameters(), ps = sparse.network()->named_parameters();
    QCOMPARE(pd.size(), ps.size());
    for (const auto& item : pd) {
      const auto& a = item.value();
      const auto& b = ps[item.key()];
      const double diff = (a - b).abs().max().item<double>();
      QVERIFY2(diff < 1e-4, qPrintable(QString::fromStdString(item.key()) + QString(": max |dense - sparse| = %1").arg(diff)));
    }
    // And training did something: the weights left their start.
    Trainer fresh(config(activation.toStdString(), "dense"), d);
    const auto p0 = fresh.network()->named_parameters();
    bool moved = false;
    for (const auto& item : pd) moved = moved || !torch::equal(item.value(), p0[item.key()]);
    QVERIFY(moved);
    torch::set_num_threads(1);
  }

  void configsItCannotRun() {
    const auto refusal = [](const std::vector<std::string>& overrides) -> QString {
      try {
        ConfigLoader::loadString("", "test.yaml", overrides);
      } catch (const ConfigError& e) {
        return e.what();
      }
      return {};
    };
    QVERIFY(refusal({"model.execution=sparse", "train.optimizer=sgd"}).isEmpty());
    QVERIFY(refusal({"model.execution=sparse", "train.optimizer=adam"})
                .contains("key 'model.execution': sparse cannot run this experiment: only plain SGD"));
    QVERIFY(refusal({"model.execution=sparse", "train.optimizer=sgd", "model.method=topk"}).contains("model.method is 'topk'"));
    QVERIFY(refusal({"model.execution=sparse", "train.optimizer=sgd", "model.norm=layer"}).contains("model.norm is 'layer'"));
    QVERIFY(refusal({"model.execution=sparse", "train.optimizer=sgd", "train.weight_decay=0.01"}).contains("weight decay"));
    QVERIFY(refusal({"model.execution=sparse", "train.optimizer=sgd", "train.grad_clip=norm"}).contains("clipping"));
    // auto: dense wherever sparse cannot run.
    ExperimentConfig c = config("softplus", "auto");
    c.train.optimizer = "adam";
    QCOMPARE(resolvedExecution(c), std::string("dense"));
    c.train.optimizer = "sgd";
    c.model.method = "standard";
    QCOMPARE(resolvedExecution(c), std::string("dense"));
    // Where the benchmark measured sparse faster: p_k 0.1 at any batch, p_k up to
    // 0.3 at batch 32; dense at p_k 0.2 with batch 256, p_k 0.5 with batch 32 and
    // p_k 0.9.
    c = config("softplus", "auto");
    c.model.widths = {1000};
    c.model.pk = 0.1;
    c.train.batchSize = 32;
    QCOMPARE(resolvedExecution(c), std::string("sparse"));
    c.train.batchSize = 256;
    QCOMPARE(resolvedExecution(c), std::string("sparse"));
    c.model.pk = 0.2;
    QCOMPARE(resolvedExecution(c), std::string("dense"));
    c.train.batchSize = 32;
    QCOMPARE(resolvedExecution(c), std::string("sparse"));
    c.model.pk = 0.3;
    QCOMPARE(resolvedExecution(c), std::string("sparse"));
    c.model.pk = 0.5;
    QCOMPARE(resolvedExecution(c), std::string("dense"));
    c.model.pk = 0.9;
    QCOMPARE(resolvedExecution(c), std::string("dense"));
  }
};

QTEST_GUILESS_MAIN(TestSparseStep)
#include "tst_sparse_step.moc"
