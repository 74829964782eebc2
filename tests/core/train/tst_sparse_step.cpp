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
#include "core/config/Execution.h"
#include "core/train/SparseStep.h"
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
    QTest::addColumn<QString>("kernel");  // COMET_SPARSE_KERNEL: column-dense, gathers, GEMMs, or by the rule
    QTest::addColumn<double>("pk");
    QTest::addColumn<QString>("products");  // each layer's, as the trainer reports them
    QTest::addColumn<QString>("widths");    // the hidden layers'
    const QString rows = "column-dense,column-dense,column-dense", gathers = "column-dense,gather,gather",
                  gemms = "gemm,gemm,gemm";
    for (const char* a : {"softplus", "relu", "leaky_relu", "tanh", "silu", "elu", "gelu"})
      QTest::newRow(a) << a << true << 1 << "dense" << 0.25 << rows << "64,48,40";
    QTest::newRow("softplus, regression") << "softplus" << false << 1 << "dense" << 0.25 << rows << "64,48,40";
    QTest::newRow("softplus, 2 threads") << "softplus" << true << 2 << "dense" << 0.25 << rows << "64,48,40";
    QTest::newRow("softplus, gathers") << "softplus" << true << 1 << "gather" << 0.25 << gathers << "64,48,40";
    QTest::newRow("gelu, regression, gathers, 2 threads") << "gelu" << false << 2 << "gather" << 0.25 << gathers << "64,48,40";
    QTest::newRow("softplus, GEMMs") << "softplus" << true << 1 << "gemm" << 0.25 << gemms << "64,48,40";
    QTest::newRow("tanh, regression, GEMMs, 2 threads") << "tanh" << false << 2 << "gemm" << 0.25 << gemms << "64,48,40";
    // By the rule at batch 16 (threshold 0.4), p_k 0.4 keeps floor(0.4 N) of N:
    // 25 of 64 and 19 of 48 (rows), 16 of 40 (GEMMs).
    QTest::newRow("elu, by the rule, rows and GEMMs") << "elu" << true << 2 << "" << 0.4
                                                      << "column-dense,column-dense,gemm" << "64,48,40";
    // Gathers over lists long enough for the vector loops and their remainders
    // (40, 30 and 25 active), with 16-bit indices; and over a layer wider than
    // 16 bits can index (70000, its 17500 active), with 32-bit ones.
    QTest::newRow("softplus, gathers, long lists, 2 threads") << "softplus" << true << 2 << "gather" << 0.25 << gathers
                                                              << "160,120,100";
    QTest::newRow("relu, gathers, 32-bit indices") << "relu" << true << 1 << "" << 0.25 << "column-dense,gather"
                                                   << "70000,16";
  }
  void sameStepsAsDense() {
    QFETCH(QString, activation);
    QFETCH(bool, classification);
    QFETCH(int, threads);
    QFETCH(QString, kernel);
    QFETCH(double, pk);
    QFETCH(QString, products);
    QFETCH(QString, widths);
    torch::set_num_threads(threads);
    const auto d = data(classification);
    ExperimentConfig denseConfig = config(activation.toStdString(), "dense"),
                     sparseConfig = config(activation.toStdString(), "sparse");
    denseConfig.model.pk = sparseConfig.model.pk = pk;
    std::vector<int64_t> w;
    for (const QString& n : widths.split(',')) w.push_back(n.toLongLong());
    denseConfig.model.widths = sparseConfig.model.widths = w;
    Trainer dense(denseConfig, d);
    qputenv("COMET_SPARSE_KERNEL", kernel.toUtf8());
    Trainer sparse(sparseConfig, d);
    qunsetenv("COMET_SPARSE_KERNEL");
    QCOMPARE(dense.info().execution, std::string("dense"));
    QCOMPARE(sparse.info().execution, std::string("sparse"));
    QStringList reported;
    for (const auto& p : sparse.info().sparseProducts) reported << QString::fromStdString(p);
    QCOMPARE(reported.join(","), products);
    QVERIFY(dense.info().sparseProducts.empty());
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
    Trainer fresh(denseConfig, d);
    const auto p0 = fresh.network()->named_parameters();
    bool moved = false;
    for (const auto& item : pd) moved = moved || !torch::equal(item.value(), p0[item.key()]);
    QVERIFY(moved);
    torch::set_num_threads(1);
  }

  // The measured rule: GEMMs where a layer is dense enough, rows below; a step
  // that mixes them (first layer GEMMs, the others column-dense) still takes the
  // dense path's steps.
  void productsByDensity() {
    QCOMPARE(sparseGemmThreshold(32), 0.4);
    QCOMPARE(sparseGemmThreshold(8), 0.4);
    QCOMPARE(sparseGemmThreshold(256), 0.15);
    QCOMPARE(sparseGemmThreshold(4096), 0.15);
    QVERIFY(sparseGemmThreshold(64) < 0.4 && sparseGemmThreshold(64) > sparseGemmThreshold(128));
    // Batch 256, width 3000 (gathers past the first layer): p_k 0.1 stays sparse,
    // p_k 0.2 turns to GEMMs everywhere.
    QCOMPARE(sparseProduct("", 0, 256, 784, 0.1, 1.0), SparseProduct::ColumnDense);
    QCOMPARE(sparseProduct("", 1, 256, 3000, 0.1, 0.1), SparseProduct::Gather);
    QCOMPARE(sparseProduct("", 0, 256, 784, 0.2, 1.0), SparseProduct::Gemm);
    QCOMPARE(sparseProduct("", 1, 256, 3000, 0.2, 0.2), SparseProduct::Gemm);
    // Batch 256, width 1000 (activations that fit in L2): gathers over inputs at
    // most 15% active, and the same turn to GEMMs.
    QCOMPARE(sparseProduct("", 1, 256, 1000, 0.1, 0.1), SparseProduct::Gather);
    QCOMPARE(sparseProduct("", 1, 256, 1000, 0.2, 0.2), SparseProduct::Gemm);
    // Batch 32: rows up to p_k 0.3 (gathers up to input density 0.15, column-dense
    // above), GEMMs at 0.5.
    QCOMPARE(sparseProduct("", 0, 32, 784, 0.3, 1.0), SparseProduct::ColumnDense);
    QCOMPARE(sparseProduct("", 1, 32, 1000, 0.15, 0.15), SparseProduct::Gather);
    QCOMPARE(sparseProduct("", 1, 32, 1000, 0.2, 0.2), SparseProduct::ColumnDense);
    QCOMPARE(sparseProduct("", 1, 32, 3000, 0.3, 0.3), SparseProduct::ColumnDense);
    QCOMPARE(sparseProduct("", 1, 32, 3000, 0.5, 0.5), SparseProduct::Gemm);
    // Forced: never GEMMs unless asked; gathers never on the first layer.
    QCOMPARE(sparseProduct("dense", 1, 256, 3000, 0.9, 0.9), SparseProduct::ColumnDense);
    QCOMPARE(sparseProduct("gather", 0, 256, 784, 0.9, 1.0), SparseProduct::ColumnDense);
    QCOMPARE(sparseProduct("gather", 1, 32, 100, 0.9, 0.9), SparseProduct::Gather);
    QCOMPARE(sparseProduct("gemm", 1, 32, 3000, 0.01, 0.01), SparseProduct::Gemm);
    // The mix of sameStepsAsDense's "by the rule" row (batch 16, p_k 0.4).
    QCOMPARE(sparseProduct("", 0, 16, 20, 25.0 / 64, 1.0), SparseProduct::ColumnDense);
    QCOMPARE(sparseProduct("", 1, 16, 64, 19.0 / 48, 25.0 / 64), SparseProduct::ColumnDense);
    QCOMPARE(sparseProduct("", 2, 16, 48, 16.0 / 40, 19.0 / 48), SparseProduct::Gemm);
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
    // Where the benchmark measured sparse faster: p_k up to 0.5 at any width and
    // batch; dense at p_k 0.9.
    c = config("softplus", "auto");
    c.model.widths = {1000};
    for (const int batch : {32, 256})
      for (const double pk : {0.1, 0.2, 0.5, 0.9}) {
        c.train.batchSize = batch;
        c.model.pk = pk;
        QCOMPARE(resolvedExecution(c), std::string(pk <= 0.5 ? "sparse" : "dense"));
      }
    c.model.pk = 0.51;
    QCOMPARE(resolvedExecution(c), std::string("dense"));
  }
};

QTEST_GUILESS_MAIN(TestSparseStep)
#include "tst_sparse_step.moc"
