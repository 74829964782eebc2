// SPDX-License-Identifier: GPL-3.0-or-later
// Every figure exports as valid, non-empty PNG, PDF and SVG plus its CSV.
#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>
#include <random>

#include <qcustomplot.h>

#include "core/util/AtomicFile.h"
#include "widgets/FigureBatch.h"
#include "widgets/FigureCsv.h"
#include "widgets/FigureExporter.h"
#include "widgets/RunLoader.h"

using namespace comet;

namespace {

gui::RunData syntheticRun() {
  gui::RunData run;
  run.id = 1;
  run.colour = gui::runColour(0);
  for (int s = 1; s <= 2000; ++s) run.steps.push_back({s, 1 + (s - 1) / 1000, 2.0 / std::sqrt(double(s)), s * 1e-3});
  run.epochs.push_back({1, 1000, 0.9, 0.7, 0.8, 0.72, 3, {}});
  run.epochs.push_back({2, 2000, 0.6, 0.8, 0.65, 0.79, 3, {}});
  run.summary.status = RunStatus::Completed;
  ProbeReport& p = run.probe;
  p.epoch = 2;
  p.examples = 4;
  p.numClasses = 2;
  p.classNames = {"shirt", "shoe"};
  LayerProbe lp;
  lp.layer = 1;
  lp.usage = {4, 2, {0.5f, 0.5f, 1.0f, 0.0f}, {0.2f, 0.8f, 1.0f, 0.0f, 0.8f, 0.2f, 1.0f, 0.0f}, 1, 1};
  lp.overlap.classMean = {0.8f, 0.2f, 0.2f, 0.7f};
  lp.overlap.pairLabels = {0, 0, 1, 1};
  lp.overlap.examples = std::vector<float>(16, 0.5f);
  lp.overlap.similarityCorrelation = 0.42;
  lp.overlap.bins = {{0, 0.5, 3, 0.3}, {0.5, 1, 3, 0.6}};
  lp.overlap.sampleCosine = {0.1f, 0.4f, 0.7f, 0.9f};
  lp.overlap.sampleJaccard = {0.2f, 0.3f, 0.6f, 0.7f};
  p.layers.push_back(lp);
  return run;
}

QByteArray head(const QString& path, int n) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return f.read(n);
}

}  // namespace

class TestFigureExport : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void writesEveryFormat_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("magic");
    QTest::newRow("png") << "png" << QByteArray("\x89PNG\r\n\x1a\n", 8);
    QTest::newRow("pdf") << "pdf" << QByteArray("%PDF-");
    QTest::newRow("svg") << "svg" << QByteArray("<?xml");
  }

  void writesEveryFormat() {
    QFETCH(QString, format);
    QFETCH(QByteArray, magic);
    QTemporaryDir dir;
    const gui::RunData run = syntheticRun();
    QStringList errors;
    const QStringList files = gui::exportFigures({&run}, dir.path(), "all", gui::figureFormatFromString(format),
                                                 gui::ExportOptions{640, 400, 120}, &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join('\n')));
    // curves (loss, accuracy) + usage + 2 overlaps + similarity, each with a CSV
    QCOMPARE(files.size(), 12);
    int onDisk = 0;  // no temporaries left beside them
    for (QDirIterator it(dir.path(), QDir::Files, QDirIterator::Subdirectories); it.hasNext(); it.next()) ++onDisk;
    QCOMPARE(onDisk, 12);
    for (const QString& f : files) {
      QVERIFY2(QFileInfo(f).size() > 0, qPrintable(f));
      if (f.endsWith(".csv")) {
        const auto table = parseNumericCsv(readWholeFile(f.toStdString()), f.toStdString());
        QVERIFY2(!table.header.empty() && !table.rows.empty(), qPrintable(f));
      } else {
        QVERIFY2(head(f, magic.size()) == magic, qPrintable(f));
      }
    }
    if (format == "svg") {
      QFile svg(files.front());
      QVERIFY(svg.open(QIODevice::ReadOnly));
      QVERIFY(svg.readAll().contains("<svg"));
    }
    if (format == "png") {
      QImage img(dir.filePath("curves_loss.png"));
      QVERIFY(!img.isNull());
      QCOMPARE(img.width(), 640 * 120 / 96);
    }
  }

  void exportReplacesAtomicallyAndReportsFailure() {
    QTemporaryDir dir;
    const gui::RunData run = syntheticRun();
    QCustomPlot plot;
    plot.addGraph()->setData({0, 1, 2}, {1, 0.5, 0.25});
    const QString path = dir.filePath("figure.png");
    QVERIFY(gui::exportPlot(&plot, path, gui::FigureFormat::Png, {320, 200, 96}).isEmpty());
    QCOMPARE(QImage(path).width(), 320);
    // A second export replaces the file whole.
    QVERIFY(gui::exportPlot(&plot, path, gui::FigureFormat::Png, {400, 250, 96}).isEmpty());
    QCOMPARE(QImage(path).width(), 400);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"figure.png"});
    // A target that cannot be replaced (a folder) is an error naming it; nothing is left behind.
    QVERIFY(QDir(dir.path()).mkdir("taken.svg"));
    const QString error = gui::exportPlot(&plot, dir.filePath("taken.svg"), gui::FigureFormat::Svg, {320, 200, 96});
    QVERIFY2(error.startsWith("cannot write " + dir.filePath("taken.svg")), qPrintable(error));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"figure.png"});
  }

  void csvRoundTrips() {
    QTemporaryDir dir;
    NumericCsv t;
    t.header = {"a", "b"};
    t.rows = {{1, 2.5}, {3, NAN}};
    QVERIFY(gui::writeCsv(t, dir.filePath("t.csv")));
    const auto back = parseNumericCsv(readWholeFile(dir.filePath("t.csv").toStdString()), "t.csv");
    QCOMPARE(back.header, t.header);
    QCOMPARE(back.rows[0][1], 2.5);
    QVERIFY(std::isnan(back.rows[1][1]));
  }

  // The figures' CSVs are written as they were while the widgets had their own
  // table type: QString::number(v, 'g', 8) for a finite cell, nothing for the rest.
  void csvNumbersAsBefore() {
    NumericCsv t;
    t.header = {"v", "w"};
    std::vector<double> values = {0,    -0.0,      1,        -1,   0.1,     0.1 + 0.2, 2.5,           1e-5,
                                  1.5e-7, 123456789, 12345678, 1e21, 1e-300, 5e-324,    6.02214076e23, -3.14159265358979,
                                  1.0 / 3, 99999999.5, 0.000123456789, 1e16, 0.5e-4};
    std::mt19937_64 random(7);
    for (int i = 0; i < 2000; ++i) {
      const double exponent = std::uniform_real_distribution<double>(-12, 12)(random);
      values.push_back(std::uniform_real_distribution<double>(-1, 1)(random) * std::pow(10.0, exponent));
    }
    QString expected = "v,w\n";
    for (double v : values) {
      t.rows.push_back({v, NAN});
      expected += QString::number(v, 'g', 8) + ",\n";
    }
    t.rows.push_back({INFINITY, -1});
    expected += ",-1\n";
    QCOMPARE(QString::fromStdString(numericCsvText(t)), expected);
  }
};

QTEST_MAIN(TestFigureExport)
#include "tst_figure_export.moc"
