// SPDX-License-Identifier: GPL-3.0-or-later
// loadData: seeded splits, normalisation, the test split kept apart, and the
// installed Fashion-MNIST.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include "core/data/DataLoader.h"
#include "core/util/Error.h"
#include "tests/support/TestData.h"

using namespace comet;
using namespace comet::testing;

class TestDataLoader : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir m_dir;

 private Q_SLOTS:
  void idxFolderSplits() {
    const std::string root = (m_dir.path() + "/idx").toStdString();
    writeIdxFolder(root, 100, 30, true);
    DataConfig c;
    c.dataset = "idx";
    c.root = root;
    const auto s = loadData(c, 1);
    QCOMPARE(s.train.size(), int64_t{80});
    QCOMPARE(s.val.size(), int64_t{20});
    QCOMPARE(s.test.size(), int64_t{30});
    QCOMPARE(s.features(), int64_t{784});
    QCOMPARE(s.numClasses, int64_t{10});
    // Pixel 0 of image 0 is 0 -> (0/255 - 0.5) / 0.5 = -1 in the test split (kept in order).
    QCOMPARE(s.test.x[0][0].item<float>(), -1.0f);
    QVERIFY(s.train.x.max().item<float>() <= 1.0f && s.train.x.min().item<float>() >= -1.0f);
    // Train and validation partition the training set: the labels' sum is preserved.
    QCOMPARE(s.train.y.sum().item<int64_t>() + s.val.y.sum().item<int64_t>(), int64_t{450});
    const auto again = loadData(c, 1);
    QVERIFY(torch::equal(s.val.y, again.val.y) && torch::equal(s.val.x, again.val.x));
    const auto other = loadData(c, 2);
    QVERIFY(!torch::equal(s.val.x, other.val.x));
  }

  void subsetsAndMissingFiles() {
    const std::string root = (m_dir.path() + "/idx2").toStdString();
    writeIdxFolder(root, 50, 20, false);
    DataConfig c;
    c.dataset = "mnist";
    c.root = root;
    c.trainSubset = 10;
    c.testSubset = 5;
    const auto s = loadData(c, 0);
    QCOMPARE(s.train.size() + s.val.size(), int64_t{10});
    QCOMPARE(s.test.size(), int64_t{5});
    std::remove((root + "/t10k-labels-idx1-ubyte").c_str());
    QVERIFY_THROWS_EXCEPTION(DataError, loadData(c, 0));
    c.root = root + "/nope";
    QVERIFY_THROWS_EXCEPTION(DataError, loadData(c, 0));
  }

  void cifarFolder() {
    const std::string root = (m_dir.path() + "/cifar").toStdString();
    QDir().mkpath(QString::fromStdString(root));
    for (int i = 1; i <= 5; ++i) writeBytes(root + "/data_batch_" + std::to_string(i) + ".bin", cifarRecords(4, 1, 10));
    writeBytes(root + "/test_batch.bin", cifarRecords(3, 1, 10));
    DataConfig c;
    c.dataset = "cifar10";
    c.root = root;
    c.mean = {0.4914, 0.4822, 0.4465};
    c.std = {0.247, 0.243, 0.261};
    const auto s = loadData(c, 0);
    QCOMPARE(s.train.size() + s.val.size(), int64_t{20});
    QCOMPARE(s.features(), int64_t{3072});
    QCOMPARE(s.inputShape, (std::vector<int64_t>{3, 32, 32}));
    // Channel 2 (blue) of test image 0, pixel 0: raw value 2048 % 256 = 0 -> (0 - 0.4465) / 0.261.
    QVERIFY(qAbs(s.test.x[0][2048].item<float>() - (0.0f - 0.4465f) / 0.261f) < 1e-4);
    c.mean = {0.5, 0.5};
    c.std = {0.5, 0.5};
    QVERIFY_THROWS_EXCEPTION(ConfigError, loadData(c, 0));
  }

  void csvRegression() {
    const std::string path = (m_dir.path() + "/sarcos.csv").toStdString();
    std::string text = "x1,x2,torque\n";
    for (int i = 0; i < 100; ++i) text += std::to_string(i) + "," + std::to_string(i % 7) + "," + std::to_string(2 * i) + "\n";
    writeBytes(path, text);
    DataConfig c;
    c.dataset = "csv";
    c.root = path;
    c.csvTarget = "torque";
    const auto s = loadData(c, 3);
    QVERIFY(s.task == Task::Regression);
    QCOMPARE(s.test.size(), int64_t{20});
    QCOMPARE(s.train.size() + s.val.size(), int64_t{80});
    QCOMPARE(s.outputs(), int64_t{1});
    // Features standardised with the training split's statistics.
    QVERIFY(qAbs(s.train.x.mean(0)[0].item<float>()) < 1e-4);
  }

  void installedFashionMnist() {
    COMET_REQUIRE_FASHION_MNIST();
    DataConfig c;  // the defaults point at it
    const auto s = loadData(c, 0);
    QCOMPARE(s.train.size(), int64_t{48000});
    QCOMPARE(s.val.size(), int64_t{12000});
    QCOMPARE(s.test.size(), int64_t{10000});
    QCOMPARE(s.numClasses, int64_t{10});
    QCOMPARE(s.classNames.size(), size_t{10});
    // Every class appears about 6000 times among the 60000 training images.
    const auto counts = torch::bincount(torch::cat({s.train.y, s.val.y}));
    QVERIFY(torch::all(counts == 6000).item<bool>());
  }
};

QTEST_APPLESS_MAIN(TestDataLoader)
#include "tst_data_loader.moc"
