// SPDX-License-Identifier: GPL-3.0-or-later
// The heatmap draws the values it is given, where they belong; the usage view
// sorts neurons and counts as documented.
#include <QtTest>

#include "widgets/HeatmapPlot.h"
#include "widgets/UsageView.h"

using namespace comet;

class TestHeatmapPlot : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void showsAKnownMatrix() {
    gui::HeatmapPlot plot;
    gui::HeatmapData h;
    h.rows = 2;
    h.cols = 3;
    h.values = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
    h.valueLabel = "Jaccard";
    plot.setHeatmap(h);
    for (int r = 0; r < 2; ++r)
      for (int c = 0; c < 3; ++c) QCOMPARE(plot.cellValue(r, c), h.values[static_cast<size_t>(r * 3 + c)]);
    auto* map = qobject_cast<QCPColorMap*>(plot.plottable(0));
    QVERIFY(map);
    QCOMPARE(map->data()->keySize(), 3);
    QCOMPARE(map->data()->valueSize(), 2);
    QCOMPARE(map->dataRange().lower, 0.1);
    QCOMPARE(map->dataRange().upper, 0.6);
    QVERIFY(map->colorScale());
    QCOMPARE(map->colorScale()->axis()->label(), QString("Jaccard"));
    // The drawn colours differ between the smallest and the largest cell.
    plot.resize(300, 200);
    plot.replot();
    const QImage img = plot.toPixmap(300, 200).toImage();
    QVERIFY(!img.isNull());
    const auto drawn = [&](int r, int c) {
      return img.pixelColor(int(plot.xAxis->coordToPixel(c)), int(plot.yAxis->coordToPixel(r)));
    };
    QCOMPARE(drawn(0, 0), QColor(map->gradient().color(0.1, map->dataRange())));
    QCOMPARE(drawn(1, 2), QColor(map->gradient().color(0.6, map->dataRange())));
    QVERIFY(drawn(0, 0) != drawn(1, 2));
    const auto table = plot.table();
    QCOMPARE(table.rows.size(), size_t(2));
    QCOMPARE(table.rows[1][3], 0.6);
  }

  void usageViewSortsByFrequency() {
    ProbeReport report;
    report.numClasses = 2;
    report.classNames = {"a", "b"};
    LayerProbe lp;
    lp.layer = 1;
    lp.usage.width = 3;
    lp.usage.k = 1;
    lp.usage.frequency = {0.2f, 0.9f, 0.5f};
    lp.usage.classFrequency = {0.0f, 1.0f, 0.5f,   // class a
                               0.4f, 0.8f, 0.5f};  // class b
    lp.usage.dead = 0;
    report.layers.push_back(lp);
    gui::UsageView view;
    view.setReport(report);
    view.setOrder(gui::UsageView::Order::Frequency);
    const auto& h = view.heatmap()->heatmap();
    QCOMPARE(h.rows, 2);
    QCOMPARE(h.cols, 3);
    // neurons in order 1, 2, 0
    QCOMPARE(view.heatmap()->cellValue(0, 0), 1.0);
    QCOMPARE(view.heatmap()->cellValue(1, 2), double(0.4f));
    view.setOrder(gui::UsageView::Order::Index);
    QCOMPARE(view.heatmap()->cellValue(1, 0), double(0.4f));
    view.setOrder(gui::UsageView::Order::PreferredClass);  // class a: 1, 2; class b: 0
    QCOMPARE(view.heatmap()->cellValue(1, 2), double(0.4f));
    QCOMPARE(view.heatmap()->cellValue(0, 0), 1.0);
  }
};

QTEST_MAIN(TestHeatmapPlot)
#include "tst_heatmap_plot.moc"
