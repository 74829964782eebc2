// SPDX-License-Identifier: GPL-3.0-or-later
// IDX, CIFAR and CSV readers on small files in the real formats: the values come
// back, and truncated files, wrong magic numbers and count mismatches are clear errors.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include "core/data/CifarReader.h"
#include "core/data/CsvReader.h"
#include "core/data/IdxReader.h"
#include "core/util/Error.h"
#include "tests/support/TestData.h"

using namespace comet;
using namespace comet::testing;

namespace {

template <typename F>
QString dataErrorOf(F&& f) {
  try {
    f();
  } catch (const DataError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

}  // namespace

class TestReaders : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir m_dir;
  std::string path(const char* name) const { return (m_dir.path() + "/" + name).toStdString(); }

 private Q_SLOTS:
  void idxRoundTrip_data() {
    QTest::addColumn<bool>("gzip");
    QTest::newRow("raw") << false;
    QTest::newRow("gzip") << true;
  }
  void idxRoundTrip() {
    QFETCH(bool, gzip);
    writeBytes(path("img"), idxImages(5, 3, 4), gzip);
    writeBytes(path("lbl"), idxLabels(5), gzip);
    const auto [x, y] = readIdxPair(path("img"), path("lbl"));
    QCOMPARE(x.sizes(), (c10::IntArrayRef{5, 3, 4}));
    QCOMPARE(x[4][2][3].item<int>(), (4 + 2 + 3) % 256);
    QCOMPARE(y[3].item<int64_t>(), int64_t{3});
    QCOMPARE(y.scalar_type(), torch::kLong);
  }

  void idxErrors() {
    writeBytes(path("swapped"), idxLabels(5));
    QVERIFY(dataErrorOf([&] { readIdxImages(path("swapped")); })
                .contains("byte offset 0: wrong magic number 0x00000801 for an IDX images file (expected 0x00000803)"));
    std::string cut = idxImages(5, 3, 4);
    cut.resize(cut.size() - 7);
    writeBytes(path("cut"), cut);
    QVERIFY(dataErrorOf([&] { readIdxImages(path("cut")); })
                .contains("truncated IDX images file: the header declares 60 data bytes"));
    writeBytes(path("short"), std::string("\0\0\x08\x01\0\0", 6));
    QVERIFY(dataErrorOf([&] { readIdxLabels(path("short")); }).contains("the header needs 8 bytes, the file has 6"));
    writeBytes(path("long"), idxLabels(5) + "xx");
    QVERIFY(dataErrorOf([&] { readIdxLabels(path("long")); }).contains("2 unexpected bytes after the data, from byte offset 13"));
    writeBytes(path("img6"), idxImages(6, 3, 4));
    writeBytes(path("lbl5"), idxLabels(5));
    QVERIFY(dataErrorOf([&] { readIdxPair(path("img6"), path("lbl5")); })
                .contains("holds 5 labels but " + QString::fromStdString(path("img6")) + " holds 6 images"));
    QVERIFY(dataErrorOf([&] { readIdxImages(path("absent")); }).contains("cannot open the file"));
  }

  void truncatedGzip() {
    writeBytes(path("full.gz"), idxImages(50, 28, 28), true);
    QFile f(QString::fromStdString(path("full.gz")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    writeBytes(path("cut.gz"), bytes.left(bytes.size() / 2).toStdString());
    QVERIFY(dataErrorOf([&] { readIdxImages(path("cut.gz")); }).contains("truncated"));
  }

  void cifar10() {
    writeBytes(path("c10.bin"), cifarRecords(4, 1, 10));
    const auto [x, y] = readCifar({path("c10.bin"), path("c10.bin")}, CifarFormat::cifar10());
    QCOMPARE(x.sizes(), (c10::IntArrayRef{8, 3, 32, 32}));
    QCOMPARE(y[3].item<int64_t>(), int64_t{3});
    QCOMPARE(x[2][1][0][5].item<int>(), (2 * 7 + 1024 + 5) % 256);  // green plane starts at pixel 1024
  }

  void cifar100UsesTheFineLabel() {
    writeBytes(path("c100.bin"), cifarRecords(30, 2, 100));
    const auto [x, y] = readCifar({path("c100.bin")}, CifarFormat::cifar100());
    QCOMPARE(y[25].item<int64_t>(), int64_t{25});  // coarse label would be 5
  }

  void cifarErrors() {
    std::string cut = cifarRecords(3, 1, 10);
    cut.resize(cut.size() - 100);
    writeBytes(path("cut.bin"), cut);
    QVERIFY(dataErrorOf([&] { readCifar({path("cut.bin")}, CifarFormat::cifar10()); })
                .contains("is not a whole number of 3073-byte records; the last record starts at byte offset 6146"));
    writeBytes(path("c100as10.bin"), cifarRecords(20, 1, 20));
    QVERIFY(dataErrorOf([&] { readCifar({path("c100as10.bin")}, CifarFormat::cifar10()); })
                .contains("byte offset 30730 (record 10): label 10 is out of range; expected 0-9"));
  }

  void csv() {
    writeBytes(path("t.csv"), "a,b,y\n1,2,3\n4, 5 ,6\n\n7,8,9\n");
    const auto t = readCsvDataset(path("t.csv"), "");
    QCOMPARE(t.features.sizes(), (c10::IntArrayRef{3, 2}));
    QCOMPARE(t.target[1][0].item<float>(), 6.0f);
    QCOMPARE(QString::fromStdString(t.targetName), QString("y"));
    const auto byName = readCsvDataset(path("t.csv"), "a");
    QCOMPARE(byName.features[2][1].item<float>(), 9.0f);
    QCOMPARE(byName.target[2][0].item<float>(), 7.0f);
  }

  void csvErrors() {
    writeBytes(path("bad.csv"), "a,b,y\n1,2,3\n4,x,6\n");
    QVERIFY(dataErrorOf([&] { readCsvDataset(path("bad.csv"), ""); }).contains(":3: column 2 ('b'): 'x' is not a finite number"));
    writeBytes(path("ragged.csv"), "a,b,y\n1,2,3\n4,6\n");
    QVERIFY(dataErrorOf([&] { readCsvDataset(path("ragged.csv"), ""); }).contains(":3: row has 2 fields, the header has 3"));
    QVERIFY(dataErrorOf([&] { readCsvDataset(path("ragged.csv"), "z"); }).contains("no column named 'z'"));
    writeBytes(path("empty.csv"), "a,b\n");
    QVERIFY(dataErrorOf([&] { readCsvDataset(path("empty.csv"), ""); }).contains("no data rows"));
    writeBytes(path("latin1.csv"), "a,b\n1,\xe9\n");
    QVERIFY(dataErrorOf([&] { readCsvDataset(path("latin1.csv"), ""); }).contains("byte offset 6: the file is not valid UTF-8"));
  }
};

QTEST_APPLESS_MAIN(TestReaders)
#include "tst_readers.moc"
