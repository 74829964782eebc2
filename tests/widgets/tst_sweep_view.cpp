// SPDX-License-Identifier: GPL-3.0-or-later
// The Sweep tab: a sweep folder written by the test fills the Figure 4 grid, the
// runs table (sortable, filterable) and the final-accuracy heatmap, including
// COMET minus standard; comet plot --figure grid writes the figure headless.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QtTest>

#include "widgets/HeatmapPlot.h"
#include "widgets/SweepGridPlot.h"
#include "widgets/SweepView.h"

using namespace comet::gui;

namespace {

void writeText(const QString& path, const QString& text) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(text.toUtf8());
}

// A finished cell: marker, summary and two epochs of metrics. Validation accuracy
// per epoch: base + 0.1 * epoch.
void writeCell(const QString& root, int index, const QString& method, int width, double pk, int seed, double testAcc,
               double base) {
  const QString name = QString("%1_pk=%2_width=%3_method=%4_seed=%5").arg(index, 4, 10, QChar('0')).arg(pk).arg(width).arg(method).arg(seed);
  const QString dir = root + "/" + name;
  QDir().mkpath(dir);
  writeText(dir + "/sweep_cell.json",
            QString("{\"index\": %1, \"name\": \"%2\", \"assignments\": [\"model.pk=%3\",\"model.width=%4\",\"model.method=%5\",\"seed=%6\"]}")
                .arg(index).arg(name).arg(pk).arg(width).arg(method).arg(seed));
  writeText(dir + "/summary.json", QString("{\"method\": \"%1\", \"width\": %2, \"pk\": %3, \"seed\": %4, \"status\": \"completed\", "
                                           "\"test_acc\": %5, \"test_loss\": 0.5}")
                                       .arg(method).arg(width).arg(pk).arg(seed).arg(testAcc));
  writeText(dir + "/metrics.csv", QString("epoch,step,train_loss,train_acc,val_loss,val_acc,seconds\n"
                                          "1,10,1,0.5,1,%1,1\n2,20,0.8,0.6,0.9,%2,1\n")
                                      .arg(base + 0.1).arg(base + 0.2));
}

}  // namespace

class TestSweepView : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir m_tmp;
  QString m_root;

 private Q_SLOTS:
  void initTestCase() {
    m_root = m_tmp.path() + "/fig";
    int i = 0;
    for (double pk : {0.1, 0.5})
      for (int width : {100, 1000})
        for (const QString method : {"standard", "comet"})
          for (int seed : {0, 1}) {
            // COMET gains with width and sparsity: +5 points at (0.1, 1000), -1 elsewhere.
            const double gain = method == "comet" ? (pk == 0.1 && width == 1000 ? 0.05 : -0.01) : 0.0;
            writeCell(m_root, i++, method, width, pk, seed, 0.80 + gain + 0.01 * seed, 0.5 + 0.02 * seed);
          }
  }

  void gridFillsFromTheFolder() {
    SweepView view;
    view.openSweep(m_root);
    QCOMPARE(view.rows().size(), size_t{16});
    const auto& grid = view.gridPlot()->grid();
    QCOMPARE(grid.rowValues, (std::vector<std::string>{"0.1", "0.5"}));
    QCOMPARE(grid.columnValues, (std::vector<std::string>{"100", "1000"}));
    const auto& series = grid.panel(1, 0).series;
    QCOMPARE(series.size(), size_t{2});
    QCOMPARE(series[0].seeds, 2);
    // Epoch 2: seeds at 0.7 and 0.72 -> band [0.7, 0.72], line at 0.71.
    QCOMPARE(series[0].low[1], 0.7);
    QCOMPARE(series[0].high[1], 0.72);
    QVERIFY(qAbs(series[0].middle[1] - 0.71) < 1e-12);
    // 2 x 2 panels, 2 methods, 3 graphs each (low, high, line).
    QCOMPARE(view.gridPlot()->graphCount(), 2 * 2 * 2 * 3);
    QCOMPARE(view.figureData().rows.size(), size_t{2 * 2 * 2 * 2});  // panels x methods x epochs
  }

  // A folder a cluster is filling: sweep.json names every cell, so those not
  // started count; a failed and a killed ("running", unlocked) run are told apart
  // from complete ones; the Slurm jobs file gives the job ids.
  void progressCountsEveryCell() {
    const QString root = m_tmp.path() + "/cluster";
    for (int i = 0; i < 3; ++i) writeCell(root, i, "comet", 100, 0.1, i, 0.8, 0.5);
    writeCell(root, 3, "comet", 100, 0.5, 0, 0.8, 0.5);
    writeCell(root, 4, "comet", 100, 0.5, 1, 0.8, 0.5);
    const auto setStatus = [&](int index, const QString& status) {
      QDir dir(root);
      const QString name = dir.entryList({QString("%1_*").arg(index, 4, 10, QChar('0'))}, QDir::Dirs).value(0);
      QFile f(root + "/" + name + "/summary.json");
      QVERIFY(f.open(QIODevice::ReadOnly));
      QString text = QString::fromUtf8(f.readAll());
      f.close();
      writeText(f.fileName(), text.replace("\"completed\"", "\"" + status + "\""));
    };
    setStatus(3, "failed");
    setStatus(4, "running");  // nobody holds its lock: killed
    SweepView view;
    view.openSweep(root);
    QCOMPARE(view.progressText(), QString("3 of 5 cells complete · 1 failed · 1 stopped"));
    writeText(root + "/sweep.json", "{\"name\": \"cluster\", \"file\": \"/x/cluster.yaml\", \"overrides\": [], \"cells\": 12}");
    QDir().mkpath(root + "/slurm");
    writeText(root + "/slurm/jobs.tsv", "17\t0-11\n23\t3-4\n");
    view.refresh();
    QCOMPARE(view.progressText(), QString("3 of 12 cells complete · 1 failed · 1 stopped · 7 not started · Slurm jobs 17, 23"));
  }

  void tableSortsAndFilters() {
    SweepView view;
    view.openSweep(m_root);
    QSortFilterProxyModel* model = view.tableModel();
    QCOMPARE(model->rowCount(), 16);
    model->setFilterFixedString("comet");
    QCOMPARE(model->rowCount(), 8);
    model->setFilterFixedString("");
    const int testAcc = [&] {
      for (int c = 0; c < model->columnCount(); ++c)
        if (model->headerData(c, Qt::Horizontal).toString() == "test_acc") return c;
      return -1;
    }();
    QVERIFY(testAcc >= 0);
    model->sort(testAcc, Qt::DescendingOrder);
    QCOMPARE(model->index(0, testAcc).data().toDouble(), 0.86);  // comet, pk 0.1, width 1000, seed 1
  }

  void heatmapOfFinalAccuracy() {
    SweepView view;
    view.openSweep(m_root);
    QComboBox* choice = view.heatmapChoice();
    QVERIFY(choice->findText("comet") >= 0 && choice->findText("standard") >= 0);
    choice->setCurrentIndex(choice->findText("standard"));
    QCOMPARE(view.heatmap()->heatmap().rows, 2);
    QVERIFY(qAbs(view.heatmap()->cellValue(0, 1) - 80.5) < 1e-9);  // mean of 80 and 81
    QVERIFY(!view.heatmap()->heatmap().diverging);
    choice->setCurrentIndex(choice->findText(QString::fromUtf8("comet − standard")));
    QVERIFY(view.heatmap()->heatmap().diverging);
    QVERIFY(qAbs(view.heatmap()->cellValue(0, 1) - 5.0) < 1e-9);   // p_k 0.1, width 1000
    QVERIFY(qAbs(view.heatmap()->cellValue(1, 0) + 1.0) < 1e-9);   // p_k 0.5, width 100
  }

  void cometPlotGrid() {
    const QString comet = QCoreApplication::applicationDirPath() + "/comet";
    QVERIFY2(QFileInfo(comet).isExecutable(), qPrintable(comet + " is not built (the test depends on it)"));
    QProcess p;
    p.start(comet, {"plot", m_root, "--figure", "grid", "--format", "svg", "--out", m_tmp.path() + "/figs"});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QFile svg(m_tmp.path() + "/figs/fig_grid.svg");
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray bytes = svg.readAll();
    QVERIFY(bytes.contains("<svg") && bytes.size() > 5000);
    QVERIFY(QFileInfo(m_tmp.path() + "/figs/fig_grid.csv").size() > 100);
  }
};

QTEST_MAIN(TestSweepView)
#include "tst_sweep_view.moc"
