// SPDX-License-Identifier: GPL-3.0-or-later
// The Gates view and the data behind its figures: example orders, class ticks,
// expert utilisation, the non-zeros curve from metrics' named columns, the view's
// modes and names, and `exportFigures(..., "gates")`.
#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

#include "widgets/FigureBatch.h"
#include "widgets/GateFigures.h"
#include "widgets/GatesView.h"
#include "widgets/HeatmapPlot.h"

using namespace comet;
using namespace comet::gui;

namespace {

// 6 examples x 3 experts; classes 1, 0, 1, 0, 2, 0; preferred experts 2, 0, 1, 2, 0, 0.
TaskGates classified() {
  TaskGates g;
  g.task = 1;
  g.name = "top_left";
  g.experts = 3;
  g.classNames = {"shirt", "shoe", "bag"};
  g.labels = {1, 0, 1, 0, 2, 0};
  g.weights = {0.0f, 0.2f, 0.8f,  //
               0.6f, 0.4f, 0.0f,  //
               0.0f, 1.0f, 0.0f,  //
               0.3f, 0.0f, 0.7f,  //
               0.9f, 0.1f, 0.0f,  //
               0.5f, 0.0f, 0.5f};  // a tie: expert 1
  g.routed = {4, 4, 3};
  g.top = {3, 1, 2};
  g.meanWeight = {0.383f, 0.283f, 0.333f};
  g.classMeanWeight = {0.47f, 0.13f, 0.4f, 0.0f, 0.6f, 0.4f, 0.9f, 0.1f, 0.0f};
  g.meanNonZeros = 11.0 / 6.0;
  g.maxNonZeros = 2;
  return g;
}

TaskGates regression() {
  TaskGates g = classified();
  g.task = 2;
  g.name = "level";
  g.classNames.clear();
  g.classMeanWeight.clear();
  g.labels.assign(6, -1);
  return g;
}

EpochRecord epoch(int64_t e, double mean, double max) {
  EpochRecord r{e, e * 10, 1, 0.5, 1, 0.5, 1, {}};
  r.extra = {{"top_left/val_acc", 0.5}, {"gate/top_left/nonzeros_mean", mean}, {"gate/top_left/nonzeros_max", max},
             {"gate/top_left/saturated", 0.25 * static_cast<double>(e)}};
  return r;
}

}  // namespace

class TestGatesView : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void examplesSortByClassThenPreferredExpert() {
    const auto g = classified();
    QCOMPARE(exampleOrder(g, ExampleOrder::Class), (std::vector<int>{1, 5, 3, 2, 0, 4}));
    QCOMPARE(exampleOrder(g, ExampleOrder::PreferredExpert), (std::vector<int>{1, 5, 4, 2, 3, 0}));
    QCOMPARE(exampleOrder(g, ExampleOrder::Probe), (std::vector<int>{0, 1, 2, 3, 4, 5}));
    // A regression task has no classes: "by class" sorts by preferred expert.
    QCOMPARE(exampleOrder(regression(), ExampleOrder::Class), (std::vector<int>{1, 4, 5, 2, 0, 3}));
  }

  void weightsHeatmapHasAClassTickPerBlock() {
    const auto h = gateWeightsHeatmap(classified(), ExampleOrder::Class, {});
    QCOMPARE(h.rows, 6);
    QCOMPARE(h.cols, 3);
    QVERIFY(std::abs(h.values[0 * 3 + 0] - 0.6) < 1e-6);  // example 1 first: class 0, expert 1
    QVERIFY(std::abs(h.values[5 * 3 + 0] - 0.9) < 1e-6);  // example 4 last: class 2
    QCOMPARE(h.rowTicks.size(), size_t{3});
    QCOMPARE(h.rowTicks[0].first, 1.0);  // rows 0..2
    QCOMPARE(h.rowTicks[0].second, QString("shirt"));
    QCOMPARE(h.rowTicks[1].first, 3.5);  // rows 3..4
    QCOMPARE(h.rowTicks[2].second, QString("bag"));
    QVERIFY(gateWeightsHeatmap(classified(), ExampleOrder::PreferredExpert, {}).rowTicks.empty());
    const auto table = gateWeightsTable(classified(), ExampleOrder::Class);
    QCOMPARE(table.header, (std::vector<std::string>{"example", "label", "e1", "e2", "e3"}));
    QCOMPARE(table.rows[0][0], 1.0);
    QCOMPARE(table.rows[0][1], 0.0);
    QVERIFY(std::isnan(gateWeightsTable(regression(), ExampleOrder::Class).rows[0][1]));
  }

  void utilisationIsAShareOfTheProbedExamples() {
    const auto u = expertUse(classified());
    QCOMPARE(u.routedPercent.size(), size_t{3});
    QVERIFY(std::abs(u.routedPercent[2] - 50.0) < 1e-9);
    QVERIFY(std::abs(u.preferredPercent[0] - 50.0) < 1e-9);
    QVERIFY(std::abs(u.evenPercent - 100.0 * 11.0 / 18.0) < 1e-9);
    const auto t = expertUseTable(classified());
    QCOMPARE(t.header, (std::vector<std::string>{"expert", "routed_pct", "preferred_pct", "mean_weight"}));
    QCOMPARE(t.rows.size(), size_t{3});
    QCOMPARE(t.rows[1][0], 2.0);
  }

  void nonZerosCurveReadsTheTasksColumns() {
    std::vector<EpochRecord> epochs{epoch(1, 3.5, 6), epoch(2, 2.1, 3), EpochRecord{3, 30, 1, 0.5, 1, 0.5, 1, {}}};
    const auto c = nonZerosCurve(epochs, "top_left");
    QCOMPARE(c.epoch, (std::vector<double>{1, 2}));  // epoch 3 has no gate columns
    QCOMPARE(c.mean, (std::vector<double>{3.5, 2.1}));
    QCOMPARE(c.max, (std::vector<double>{6, 3}));
    QCOMPARE(c.saturated[1], 0.5);
    QVERIFY(nonZerosCurve(epochs, "bottom_right").empty());
    QCOMPARE(nonZerosTable(c).rows.size(), size_t{2});
  }

  void viewShowsEachTaskAndMode() {
    GatesView view;
    view.resize(800, 500);
    QCOMPARE(view.taskCount(), 0);
    QVERIFY(view.figureData().rows.empty());
    ProbeReport report;
    report.epoch = 2;
    report.gates = {classified(), regression()};
    view.setRun(report, {epoch(1, 3.5, 6), epoch(2, 2.1, 3)}, "#1 moe");
    QCOMPARE(view.taskCount(), 2);
    QCOMPARE(view.figureName(), QString("gates_top_left_utilisation"));
    QCOMPARE(view.figureData().header.front(), std::string("expert"));
    QVERIFY(!qobject_cast<HeatmapPlot*>(view.plot()));
    QCOMPARE(view.plot()->plottableCount(), 3);  // routed and preferred bars, the even-routing line
    view.setShow(GatesView::Show::Weights);
    QVERIFY(qobject_cast<HeatmapPlot*>(view.plot()));
    QCOMPARE(view.figureName(), QString("gates_top_left_weights"));
    QCOMPARE(view.figureData().rows.size(), size_t{6});
    QCOMPARE(static_cast<HeatmapPlot*>(view.plot())->heatmap().rowTicks.size(), size_t{3});
    view.setOrder(ExampleOrder::Probe);
    QCOMPARE(view.figureData().rows[0][0], 0.0);
    view.setShow(GatesView::Show::NonZeros);
    QCOMPARE(view.figureData().rows.size(), size_t{2});
    QCOMPARE(view.plot()->graphCount(), 2);
    view.setShow(GatesView::Show::Classes);
    QCOMPARE(static_cast<HeatmapPlot*>(view.plot())->heatmap().rows, 3);
    view.setTask(1);  // a regression task has no classes
    QCOMPARE(view.figureName(), QString("gates_level_classes"));
    QCOMPARE(static_cast<HeatmapPlot*>(view.plot())->heatmap().rows, 0);
    // A new report keeps the task chosen.
    view.setRun(report, {}, "#1 moe");
    QCOMPARE(view.figureName(), QString("gates_level_classes"));
  }

  // A mixture's runs are named by their gate and k of n, not by p_k.
  void runLabelNamesTheGate() {
    RunData run;
    run.id = 4;
    run.config.model.backbone = "moe";
    run.config.model.gate = "comet_tree";
    run.config.model.localSearch = true;
    run.config.model.widths = {256, 64};
    QCOMPARE(runLabel(run), QString("#4 moe comet_tree+ls k2/6 w256 s0"));
    run.config.model.gate = "hash";
    run.config.model.localSearch = false;
    QCOMPARE(methodText(run.config), QString("moe hash"));
    QCOMPARE(runLabel(run), QString("#4 moe hash k1/6 w256 s0"));  // hash routes to one expert
    run.config.model.backbone = "mlp";
    run.config.model.method = "comet";
    QCOMPARE(runLabel(run), QString("#4 comet w256 pk0.5 s0"));
    run.config.model.backbone = "vit";
    QCOMPARE(runLabel(run), QString("#4 vit comet d64x4 pk0.5 s0"));
  }

  void exportWritesEveryGateFigure() {
    QTemporaryDir dir;
    RunData run;
    run.id = 1;
    run.probe.epoch = 2;
    run.probe.gates = {classified(), regression()};
    run.epochs = {epoch(1, 3.5, 6), epoch(2, 2.1, 3)};
    QStringList errors;
    const QStringList files = exportFigures({&run}, dir.path(), "gates", FigureFormat::Png, ExportOptions{480, 300, 96}, &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join('\n')));
    // top_left: utilisation, classes, weights, nonzeros; level: the same but classes; each with a CSV
    QCOMPARE(files.size(), 14);
    QVERIFY(files.contains(dir.filePath("gates_top_left_classes.png")));
    QVERIFY(!files.contains(dir.filePath("gates_level_classes.png")));
    QVERIFY(files.contains(dir.filePath("gates_level_weights.csv")));
    for (const QString& f : files) QVERIFY2(QFileInfo(f).size() > 0, qPrintable(f));
    QVERIFY(!QImage(dir.filePath("gates_top_left_weights.png")).isNull());
  }
};

QTEST_MAIN(TestGatesView)
#include "tst_gates_view.moc"
