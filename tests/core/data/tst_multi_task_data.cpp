// SPDX-License-Identifier: GPL-3.0-or-later
// Multi-task data (issue 11): MultiFashionMNIST built from small IDX folders (canvas
// placement, pixel sums, the doubling, both labels, the seeded same-split pairing,
// the stratified split) and from Debian's Fashion-MNIST; multi-target CSV tables
// (delimiters, class ids, one-hot columns, dropped columns) and their bad inputs.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <set>

#include "core/config/ConfigLoader.h"
#include "core/data/DataLoader.h"
#include "core/data/IdxReader.h"
#include "core/data/MultiFashion.h"
#include "core/data/Splits.h"
#include "core/train/MemoryEstimate.h"
#include "core/util/Error.h"
#include "tests/support/TestData.h"

using namespace comet;
using namespace comet::testing;

namespace {

template <typename E, typename F>
QString errorOf(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

// Pixels back from features normalised with mean 0 and std 1.
torch::Tensor canvasesOf(const Dataset& d) { return (d.x * 255).round().to(torch::kLong).view({-1, 36, 36}); }

// writeIdxFolder's image i has pixel (r, c) = i + r + c (below 256 here): pixel
// (0, 0) of a canvas names its top-left image, pixel (35, 35) its bottom-right one.
int64_t topOf(const torch::Tensor& canvas) { return canvas[0][0].item<int64_t>(); }
int64_t bottomOf(const torch::Tensor& canvas) { return canvas[35][35].item<int64_t>() - 54; }

torch::Tensor expectedCanvas(int64_t top, int64_t bottom) {
  std::vector<int64_t> e(36 * 36, 0);
  for (int64_t r = 0; r < 36; ++r)
    for (int64_t c = 0; c < 36; ++c) {
      if (r < 28 && c < 28) e[size_t(r * 36 + c)] += top + r + c;
      if (r >= 8 && c >= 8) e[size_t(r * 36 + c)] += bottom + (r - 8) + (c - 8);
    }
  return torch::tensor(e, torch::kLong).view({36, 36});
}

DataConfig multiFashion(const std::string& root) {
  DataConfig c;
  c.dataset = "multi_fashion_mnist";
  c.root = root;
  c.mean = {0.0};
  c.std = {1.0};
  return c;
}

std::string idxWithLabels(const std::vector<int>& labels) {
  std::string s = bigEndian32(0x801) + bigEndian32(static_cast<uint32_t>(labels.size()));
  for (int l : labels) s.push_back(static_cast<char>(l));
  return s;
}

// A table with `delimiter` between fields: the first line is the header.
std::string table(const std::vector<std::vector<std::string>>& rows, const std::string& delimiter) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? delimiter : "") + row[i];
    out += "\n";
  }
  return out;
}

DataConfig multiCsv(const std::string& path, std::vector<std::string> targets, std::vector<std::string> tasks) {
  DataConfig c;
  c.dataset = "csv";
  c.root = path;
  c.csvTargets = std::move(targets);
  c.csvTasks = std::move(tasks);
  return c;
}

}  // namespace

class TestMultiTaskData : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir m_dir;
  std::string path(const std::string& name) const { return m_dir.path().toStdString() + "/" + name; }

  // A MovieLens-layout table: user u rates movie m; rating = row number (so a test
  // can tell rows apart after the shuffle), watched = (u + m) % 2.
  std::string movieLens(const std::string& delimiter, int rows) {
    std::vector<std::vector<std::string>> t{{"userId", "movieId", "rating", "timestamp", "watched"}};
    for (int i = 0; i < rows; ++i)
      t.push_back({std::to_string(i % 7), std::to_string(100 + i % 11), std::to_string(i), std::to_string(978300000 + i),
                   std::to_string((i % 7 + i % 11) % 2)});
    return table(t, delimiter);
  }

 private Q_SLOTS:
  // ---- MultiFashionMNIST ------------------------------------------------------

  void canvasPlacementAndLabels() {
    const std::string root = path("idx60");
    writeIdxFolder(root, 60, 20, false);
    auto c = multiFashion(root);
    c.valFraction = 1.0 / 6;
    const auto s = loadData(c, 4);
    QCOMPARE(s.train.size(), int64_t{100});  // 50 source images, twice each
    QCOMPARE(s.val.size(), int64_t{20});
    QCOMPARE(s.test.size(), int64_t{40});
    QCOMPARE(s.features(), int64_t{1296});
    QCOMPARE(s.inputShape, (std::vector<int64_t>{1, 36, 36}));
    QVERIFY(s.multiTask());
    QCOMPARE(s.tasks.size(), size_t{2});
    QCOMPARE(s.tasks[0].name, std::string("top_left"));
    QCOMPARE(s.tasks[1].name, std::string("bottom_right"));
    QCOMPARE(s.tasks[1].numClasses, int64_t{10});
    QCOMPARE(s.tasks[1].classNames.at(9), std::string("Ankle boot"));
    QCOMPARE(s.train.y.scalar_type(), torch::kFloat32);
    std::set<int64_t> seenTops;
    for (const Dataset* d : {&s.train, &s.val, &s.test}) {
      QCOMPARE(d->y.sizes(), (c10::IntArrayRef{d->size(), 2}));
      const auto canvases = canvasesOf(*d);
      std::set<int64_t> tops, bottoms;
      for (int64_t e = 0; e < d->size(); ++e) {
        const int64_t top = topOf(canvases[e]), bottom = bottomOf(canvases[e]);
        // Every pixel: the top-left item at rows/cols 0-27 plus the bottom-right one
        // at 8-35, summed where they overlap.
        QVERIFY2(torch::equal(canvases[e], expectedCanvas(top, bottom)), qPrintable(QString::number(e)));
        QCOMPARE(d->y[e][0].item<float>(), float(top % 10));
        QCOMPARE(d->y[e][1].item<float>(), float(bottom % 10));
        QVERIFY(top != bottom);
        // Examples 2i and 2i+1 share their top-left image.
        if (e % 2 == 1) QCOMPARE(top, topOf(canvases[e - 1]));
        tops.insert(top);
        bottoms.insert(bottom);
      }
      QCOMPARE(tops.size(), size_t(d->size() / 2));
      // The partners come from the same split.
      QVERIFY(std::includes(tops.begin(), tops.end(), bottoms.begin(), bottoms.end()));
      if (d != &s.test)
        for (int64_t t : tops) QVERIFY2(seenTops.insert(t).second, "an image in both training and validation");
    }
    QCOMPARE(seenTops.size(), size_t{60});
    // The test split keeps its order: source images 0..19, each twice.
    QCOMPARE(topOf(canvasesOf(s.test)[39]), int64_t{19});
  }

  void pixelSumNotClipped() {
    const auto images = torch::full({3, 28, 28}, 200, torch::kUInt8);
    const auto o = overlayPairs(images, torch::tensor({1, 2, 3}, torch::kLong), 7);
    QCOMPARE(o.canvases.sizes(), (c10::IntArrayRef{6, 1, 36, 36}));
    QCOMPARE(o.canvases[0][0][8][8].item<float>(), 400.0f);    // overlap
    QCOMPARE(o.canvases[0][0][0][0].item<float>(), 200.0f);    // top-left only
    QCOMPARE(o.canvases[0][0][35][35].item<float>(), 200.0f);  // bottom-right only
    QCOMPARE(o.canvases[0][0][0][35].item<float>(), 0.0f);     // neither
    QCOMPARE(o.canvases.sum().item<float>(), 6 * 2 * 200.0f * 784);
    DataConfig c;
    c.mean = {0.0};
    c.std = {1.0};
    QCOMPARE(normaliseImages(o.canvases, c).max().item<float>(), 400.0f / 255);
  }

  void pairingIsSeeded() {
    const auto images = torch::zeros({50, 28, 28}, torch::kUInt8);
    const auto labels = torch::arange(50, torch::kLong);
    const auto a = overlayPairs(images, labels, 11);
    const auto b = overlayPairs(images, labels, 11);
    const auto other = overlayPairs(images, labels, 12);
    QCOMPARE(a.partners, b.partners);
    QVERIFY(a.partners != other.partners);
    for (size_t e = 0; e < a.partners.size(); ++e) {
      QVERIFY(a.partners[e] >= 0 && a.partners[e] < 50);
      QVERIFY(a.partners[e] != int64_t(e / 2));
      QCOMPARE(a.labels[int64_t(e)][1].item<int64_t>(), a.partners[e]);
    }
    // Through loadData: the same seed gives the same splits, another seed other pairs.
    const std::string root = path("idx40");
    writeIdxFolder(root, 40, 10, true);
    const auto c = multiFashion(root);
    const auto s1 = loadData(c, 3), s2 = loadData(c, 3), s3 = loadData(c, 5);
    QVERIFY(torch::equal(s1.train.x, s2.train.x) && torch::equal(s1.test.y, s2.test.y));
    QVERIFY(!torch::equal(s1.test.x, s3.test.x));
  }

  void stratifiedByTopLeftLabel() {
    // 200 source images: 100 of class 0, 60 of class 1, 40 of class 2.
    const std::string root = path("idx-strat");
    writeIdxFolder(root, 200, 10, false);
    std::vector<int> labels;
    for (int i = 0; i < 200; ++i) labels.push_back(i < 100 ? 0 : i < 160 ? 1 : 2);
    writeBytes(root + "/train-labels-idx1-ubyte", idxWithLabels(labels));
    auto c = multiFashion(root);
    // 0.13 * 200 = 26 validation images: shares 13, 7.8, 5.2 -> 13, 8, 5 (the
    // largest remainder gets the round-off).
    c.valFraction = 0.13;
    for (uint64_t seed : {0, 1, 2}) {
      const auto s = loadData(c, seed);
      const auto valCounts = torch::bincount(s.val.y.select(1, 0).to(torch::kLong), {}, 3);
      const auto trainCounts = torch::bincount(s.train.y.select(1, 0).to(torch::kLong), {}, 3);
      QVERIFY(torch::equal(valCounts, torch::tensor({26, 16, 10}, torch::kLong)));
      QVERIFY(torch::equal(trainCounts, torch::tensor({174, 104, 70}, torch::kLong)));
    }
    // stratifiedSplit on its own: an even split keeps every class's share exactly.
    std::vector<int64_t> order(120);
    for (int64_t i = 0; i < 120; ++i) order[size_t(i)] = (i * 37) % 120;
    const auto [train, val] = stratifiedSplit(order, torch::arange(120, torch::kLong) % 10, 0.25);
    QCOMPARE(val.size(), size_t{30});
    QCOMPARE(train.size(), size_t{90});
    std::vector<int> perClass(10, 0);
    for (int64_t i : val) ++perClass[size_t(i % 10)];
    QCOMPARE(perClass, std::vector<int>(10, 3));
  }

  void subsetsApplyBeforeDoubling() {
    const std::string root = path("idx-sub");
    writeIdxFolder(root, 100, 30, false);
    auto c = multiFashion(root);
    c.trainSubset = 30;
    c.testSubset = 8;
    c.valFraction = 0.2;
    const auto s = loadData(c, 0);
    QCOMPARE(s.train.size(), int64_t{48});
    QCOMPARE(s.val.size(), int64_t{12});
    QCOMPARE(s.test.size(), int64_t{16});
    QCOMPARE(topOf(canvasesOf(s.test)[15]), int64_t{7});  // the first 8 test images
    c.valFraction = 0;
    QCOMPARE(loadData(c, 0).val.size(), int64_t{0});
  }

  void multiFashionErrors() {
    const std::string root = path("idx-small");
    writeIdxFolder(root, 20, 10, false);
    auto c = multiFashion(root);
    c.trainSubset = 1;
    QVERIFY(errorOf<DataError>([&] { loadData(c, 0); })
                .contains("the training split of multi_fashion_mnist has 1 source image(s); pairing needs at least two"));
    c.trainSubset = 0;
    c.valFraction = 0.05;  // one validation image
    QVERIFY(errorOf<DataError>([&] { loadData(c, 0); }).contains("the validation split of multi_fashion_mnist has 1"));
    const std::string odd = path("idx-odd");
    QDir().mkpath(QString::fromStdString(odd));
    writeBytes(odd + "/train-images-idx3-ubyte", idxImages(10, 20, 20));
    writeBytes(odd + "/train-labels-idx1-ubyte", idxLabels(10));
    writeBytes(odd + "/t10k-images-idx3-ubyte", idxImages(4, 20, 20));
    writeBytes(odd + "/t10k-labels-idx1-ubyte", idxLabels(4));
    QVERIFY(errorOf<DataError>([&] { loadData(multiFashion(odd), 0); })
                .contains(QString::fromStdString(odd) + ": multi_fashion_mnist needs 28x28 images; the IDX files hold 20x20"));
  }

  // The memory check before a run sizes the doubled 36x36 set, and counts a '::'
  // table's columns by its delimiter.
  void memoryEstimate() {
    const std::string root = path("idx-mem");
    writeIdxFolder(root, 30, 10, false);
    ExperimentConfig c;
    c.data = multiFashion(root);
    const auto m = estimateMemory(c);
    QCOMPARE(m.examples, int64_t{60});
    QCOMPARE(m.features, int64_t{1296});
    const std::string file = path("mem.dat");
    writeBytes(file, movieLens("::", 20));
    c.data = multiCsv(file, {"watched"}, {});
    QCOMPARE(estimateMemory(c).features, int64_t{4});
  }

  void installedFashionMnist() {
    COMET_REQUIRE_FASHION_MNIST();
    auto c = multiFashion(kFashionRoot);
    c.trainSubset = 600;
    c.testSubset = 50;
    c.valFraction = 1.0 / 6;
    const auto s = loadData(c, 0);
    QCOMPARE(s.train.size(), int64_t{1000});
    QCOMPARE(s.val.size(), int64_t{200});
    QCOMPARE(s.test.size(), int64_t{100});
    QCOMPARE(s.classNames.at(0), std::string("T-shirt/top"));
    const auto images = readIdxImages(kFashionRoot + "/t10k-images-idx3-ubyte.gz");
    const auto labels = readIdxLabels(kFashionRoot + "/t10k-labels-idx1-ubyte.gz");
    const auto canvases = canvasesOf(s.test);
    for (int64_t e : {0, 1, 99}) {
      // Rows 0-7 hold the top-left item alone; columns 28-35 of rows 8-35 the
      // bottom-right one alone.
      QVERIFY(torch::equal(canvases[e].slice(0, 0, 8).slice(1, 0, 28), images[e / 2].slice(0, 0, 8).to(torch::kLong)));
      QCOMPARE(s.test.y[e][0].item<float>(), float(labels[e / 2].item<int64_t>()));
    }
    QVERIFY(torch::all(s.train.y.ge(0) & s.train.y.le(9)).item<bool>());
    QVERIFY(s.test.x.max().item<float>() > 1.0f);  // some overlapping pixels sum past 255
  }

  // ---- Multi-target CSV ----------------------------------------------------------

  void csvDelimiters_data() {
    QTest::addColumn<QString>("delimiter");
    QTest::newRow("comma") << ",";
    QTest::newRow("tab") << "\t";
    QTest::newRow("semicolon") << ";";
    QTest::newRow("movielens ::") << "::";
  }
  void csvDelimiters() {
    QFETCH(QString, delimiter);
    const std::string file = path("ml-" + std::to_string(delimiter.size()) + QTest::currentDataTag() + ".dat");
    writeBytes(file, movieLens(delimiter.toStdString(), 200));
    auto c = multiCsv(file, {"watched", "rating"}, {"classification", "regression"});
    c.csvCategorical = {"userId", "movieId"};
    c.csvIgnore = {"timestamp"};
    const auto s = loadData(c, 1);
    QCOMPARE(s.tasks.size(), size_t{2});
    QCOMPARE(s.tasks[0].name, std::string("watched"));
    QVERIFY(s.tasks[0].kind == Task::Classification);
    QCOMPARE(s.tasks[0].classNames, (std::vector<std::string>{"0", "1"}));
    QVERIFY(s.tasks[1].kind == Task::Regression && s.tasks[1].outputs() == 1);
    QCOMPARE(s.test.size(), int64_t{40});
    QCOMPARE(s.train.size() + s.val.size(), int64_t{160});
    QCOMPARE(s.features(), int64_t{7 + 11});  // one-hot users and movies; the timestamp dropped
    // Each row: its rating (the row number) gives its user, movie and watched.
    const Dataset* parts[] = {&s.train, &s.val, &s.test};
    for (const Dataset* d : parts)
      for (int64_t e = 0; e < d->size(); ++e) {
        const auto i = static_cast<int64_t>(d->y[e][1].item<float>());
        QCOMPARE(d->y[e][0].item<float>(), float((i % 7 + i % 11) % 2));
        QCOMPARE(d->x[e][i % 7].item<float>(), 1.0f);
        QCOMPARE(d->x[e][7 + i % 11].item<float>(), 1.0f);
        QCOMPARE(d->x[e].sum().item<float>(), 2.0f);
      }
  }

  void csvClassIdsAndNumericFeatures() {
    // cls holds -1, 3 and 7: class ids 0, 1, 2; copy repeats it as a regression target.
    std::vector<std::vector<std::string>> t{{"f", "cls", "copy", "g"}};
    const int v[] = {7, -1, 3};
    for (int i = 0; i < 40; ++i)
      t.push_back({std::to_string(i), std::to_string(v[i % 3]), std::to_string(v[i % 3]), std::to_string(i % 5)});
    const std::string file = path("classes.csv");
    writeBytes(file, table(t, ","));
    const auto s = loadData(multiCsv(file, {"cls", "copy"}, {"classification", "regression"}), 2);
    QCOMPARE(s.numClasses, int64_t{3});
    QCOMPARE(s.classNames, (std::vector<std::string>{"-1", "3", "7"}));
    QVERIFY(s.task == Task::Classification);
    const auto all = torch::cat({s.train.y, s.val.y, s.test.y});
    for (int64_t e = 0; e < all.size(0); ++e) {
      const float value = all[e][1].item<float>();
      QCOMPARE(all[e][0].item<float>(), value == -1 ? 0.0f : value == 3 ? 1.0f : 2.0f);
    }
    // f and g standardised with the training split's statistics.
    QCOMPARE(s.features(), int64_t{2});
    QVERIFY(s.train.x.mean(0).abs().max().item<float>() < 1e-5);
    QVERIFY((s.train.x.std(0) - 1).abs().max().item<float>() < 1e-5);
    // data.csv_tasks left out: every target is a regression.
    const auto r = loadData(multiCsv(file, {"cls", "copy"}, {}), 2);
    QVERIFY(r.tasks[0].kind == Task::Regression && r.tasks[1].kind == Task::Regression);
  }

  void csvUnseenCategoryIsAllZero() {
    std::vector<std::vector<std::string>> t{{"who", "x", "y"}};
    for (int i = 0; i < 30; ++i) t.push_back({i < 29 ? "ann" : "zed", std::to_string(i), std::to_string(i)});
    const std::string file = path("unseen.csv");
    writeBytes(file, table(t, ","));
    auto c = multiCsv(file, {"y"}, {});
    c.csvCategorical = {"who"};
    // A seed that puts zed (row 29) in the test split.
    const auto inTest = [&](uint64_t seed) {
      const auto test = tableSplit(30, c, seed).test;
      return std::find(test.begin(), test.end(), 29) != test.end();
    };
    uint64_t seed = 0;
    while (!inTest(seed)) ++seed;
    const auto s = loadData(c, seed);
    QCOMPARE(s.features(), int64_t{2});  // ann's column and x
    for (int64_t e = 0; e < s.test.size(); ++e)
      QCOMPARE(s.test.x[e][0].item<float>(), s.test.y[e][0].item<float>() == 29 ? 0.0f : 1.0f);
  }

  void csvBadInputs() {
    const std::string file = path("ml.dat");
    writeBytes(file, movieLens("::", 40));
    auto c = multiCsv(file, {"watched", "ratng"}, {"classification", "regression"});
    QCOMPARE(errorOf<DataError>([&] { loadData(c, 0); }),
             QString::fromStdString(file + ":1: no column named 'ratng' (data.csv_targets); did you mean 'rating'?; "
                                           "columns: userId movieId rating timestamp watched"));
    c.csvTargets = {"watched", "rating"};
    c.csvIgnore = {"time"};
    QVERIFY(errorOf<DataError>([&] { loadData(c, 0); }).contains(":1: no column named 'time' (data.csv_ignore)"));
    c.csvIgnore = {};
    c.csvCategorical = {"user"};
    QVERIFY(errorOf<DataError>([&] { loadData(c, 0); })
                .contains(":1: no column named 'user' (data.csv_categorical); did you mean 'userId'?"));
    // Rating is not whole: as a classification target it is refused, naming line and column.
    const std::string half = path("half.csv");
    writeBytes(half, "a,b,label\n1,2,0\n3,4,0.5\n");
    QCOMPARE(errorOf<DataError>([&] { loadData(multiCsv(half, {"label"}, {"classification"}), 0); }),
             QString::fromStdString(half + ":3: column 3 ('label'): '0.5' is not a whole number, and data.csv_tasks "
                                           "makes this column a classification"));
    const std::string word = path("word.csv");
    writeBytes(word, "a;b;label\n1;2;0\n3;x;1\n");
    QCOMPARE(errorOf<DataError>([&] { loadData(multiCsv(word, {"label"}, {}), 0); }),
             QString::fromStdString(word + ":3: column 2 ('b'): 'x' is not a finite number"));
    const std::string onlyTargets = path("targets.csv");
    writeBytes(onlyTargets, "t,y\n1,2\n3,4\n");
    auto ignoreAll = multiCsv(onlyTargets, {"y"}, {});
    ignoreAll.csvIgnore = {"t"};
    QVERIFY(errorOf<DataError>([&] { loadData(ignoreAll, 0); })
                .contains("targets.csv: no feature columns are left"));
    const std::string short_ = path("short.tsv");
    writeBytes(short_, "a\tb\ty\n1\t2\t3\n4\t5\n");
    QVERIFY(errorOf<DataError>([&] { loadData(multiCsv(short_, {"y"}, {}), 0); })
                .contains("short.tsv:3: row has 2 fields, the header has 3"));
  }

  void csvClassOnlyOutsideTraining() {
    // Class 9 in one row that the split puts in the test rows: no class id for it.
    auto c = multiCsv(path("rare.csv"), {"label"}, {"classification"});
    const auto test = tableSplit(50, c, 0).test;
    std::vector<std::vector<std::string>> t{{"x", "label"}};
    for (int64_t i = 0; i < 50; ++i) t.push_back({std::to_string(i), i == test[0] ? "9" : std::to_string(i % 2)});
    writeBytes(c.root, table(t, ","));
    QCOMPARE(errorOf<DataError>([&] { loadData(c, 0); }),
             QString::fromStdString(c.root + ":" + std::to_string(test[0] + 2) +
                                    ": column 2 ('label'): class 9 does not occur in the training rows, so it has no "
                                    "class id (classes in training: 0 1)"));
    // Rows past data.train_subset are in no split: their classes do not matter.
    c.trainSubset = 20;
    const auto split = tableSplit(50, c, 0);
    std::vector<char> used(50, 0);
    for (const auto* part : {&split.train, &split.val, &split.test})
      for (int64_t r : *part) used[size_t(r)] = 1;
    const auto unused = std::find(used.begin(), used.end(), 0) - used.begin();
    t.assign(1, {"x", "label"});
    for (int64_t i = 0; i < 50; ++i) t.push_back({std::to_string(i), i == unused ? "9" : std::to_string(i % 2)});
    writeBytes(c.root, table(t, ","));
    QCOMPARE(loadData(c, 0).numClasses, int64_t{2});
  }

  void csvConfigKeys() {
    const auto cfg = ConfigLoader::loadString(
        "data:\n  dataset: csv\n  csv_targets: [watched, rating]\n  csv_tasks: [classification, regression]\n"
        "  csv_categorical: [userId, movieId]\n  csv_ignore: timestamp\n",
        "mt.yaml");
    QCOMPARE(cfg.data.csvTargets, (std::vector<std::string>{"watched", "rating"}));
    QCOMPARE(cfg.data.csvIgnore, (std::vector<std::string>{"timestamp"}));  // one name: a list of one
    const auto again = ConfigLoader::loadString(toYaml(cfg), "again.yaml");
    QCOMPARE(again.data.csvCategorical, cfg.data.csvCategorical);
    QCOMPARE(again.data.csvTasks, cfg.data.csvTasks);
    QVERIFY(ConfigLoader::loadString(toYaml(ExperimentConfig{}), "d.yaml").data.csvTargets.empty());

    const auto configError = [](const std::string& yaml) {
      return errorOf<ConfigError>([&] { ConfigLoader::loadString(yaml, "bad.yaml"); });
    };
    QVERIFY(configError("data:\n  csv_targets: [a, b]\n  csv_tasks: [classification]\n")
                .contains("bad.yaml: data.csv_tasks has 1 entries but data.csv_targets has 2"));
    QVERIFY(configError("data:\n  csv_targets: [a, b]\n  csv_tasks: [classification, clasification]\n")
                .contains("bad.yaml:3:3: key 'data.csv_tasks': item 1: 'clasification' is not allowed: expected a "
                          "list of: classification regression"));
    QVERIFY(configError("data:\n  csv_targets: [a]\n  csv_ignore: [t, a]\n")
                .contains("column 'a' is in both data.csv_targets and data.csv_ignore; a column has one role"));
    QVERIFY(configError("data:\n  csv_targets: [a, a]\n").contains("data.csv_targets: column 'a' is listed twice"));
    QVERIFY(configError("data:\n  csv_target: a\n  csv_targets: [b]\n")
                .contains("data.csv_target and data.csv_targets are both set"));
    QVERIFY(configError("data:\n  csv_categorical: [u]\n").contains("data.csv_categorical applies only with data.csv_targets"));
    QVERIFY(configError("data:\n  csv_targets: [a, {b: 1}]\n").contains("key 'data.csv_targets': item 1: expected a name"));
    // loadData checks configs built in code as well.
    DataConfig d = multiCsv(path("any.csv"), {"a", "b"}, {"regression"});
    QVERIFY(errorOf<ConfigError>([&] { loadData(d, 0); }).contains("data.csv_tasks has 1 entries"));
  }

  void singleTargetCsvUnchanged() {
    // The single-target path reads the new delimiters too, and its split is the one
    // it always had (the multi-task path shares it).
    const std::string file = path("single.csv");
    std::string text = "x1;x2;torque\n";
    for (int i = 0; i < 50; ++i) text += std::to_string(i) + ";" + std::to_string(i % 7) + ";" + std::to_string(2 * i) + "\n";
    writeBytes(file, text);
    DataConfig c;
    c.dataset = "csv";
    c.root = file;
    const auto s = loadData(c, 3);
    QVERIFY(!s.multiTask());
    QCOMPARE(s.features(), int64_t{2});
    const auto m = loadData(multiCsv(file, {"torque"}, {}), 3);
    QVERIFY(torch::equal(s.test.y, m.test.y) && torch::allclose(s.train.x, m.train.x));
  }
};

QTEST_APPLESS_MAIN(TestMultiTaskData)
#include "tst_multi_task_data.moc"
