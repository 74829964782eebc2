// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/UsageView.h"

#include <QComboBox>
#include <QLabel>
#include <algorithm>
#include <numeric>

#include "widgets/HeatmapPlot.h"

namespace comet::gui {

UsageView::UsageView(QWidget* parent)
    : HeatmapProbeView(tr("Sort neurons by"), {tr("neuron index"), tr("frequency"), tr("preferred class")}, 1,
                       tr("No probe yet: start a run or open a run directory."), parent) {}

void UsageView::setOrder(Order order) { choice()->setCurrentIndex(static_cast<int>(order)); }
QString UsageView::figureName() const { return QStringLiteral("usage_layer%1").arg(currentLayerName()); }

void UsageView::rebuild() {
  const LayerProbe* current = currentLayer();
  if (!current) {
    info()->setText(report().layers.empty() && report().epoch > 0 ? tr("This method has no masks to probe.")
                                                                  : tr("No probe yet."));
    heatmap()->setHeatmap({});
    return;
  }
  const auto& lp = *current;
  const auto& u = lp.usage;
  const int width = static_cast<int>(u.frequency.size());
  const int classes = width > 0 ? static_cast<int>(u.classFrequency.size()) / width : 0;
  const auto classFreq = [&](int c, int n) {
    return double(u.classFrequency[static_cast<size_t>(c) * static_cast<size_t>(width) + static_cast<size_t>(n)]);
  };
  std::vector<int> order(static_cast<size_t>(width));
  std::iota(order.begin(), order.end(), 0);
  const auto mode = static_cast<Order>(choice()->currentIndex());
  if (mode == Order::Frequency) {
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return u.frequency[a] > u.frequency[b]; });
  } else if (mode == Order::PreferredClass && classes > 0) {
    std::vector<int> preferred(static_cast<size_t>(width), 0);
    for (int n = 0; n < width; ++n)
      for (int c = 1; c < classes; ++c)
        if (classFreq(c, n) > classFreq(preferred[n], n)) preferred[n] = c;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      if (preferred[a] != preferred[b]) return preferred[a] < preferred[b];
      return classFreq(preferred[a], a) > classFreq(preferred[b], b);
    });
  }
  HeatmapData h;
  h.rows = classes > 0 ? classes : 1;
  h.cols = width;
  h.values.resize(static_cast<size_t>(h.rows) * static_cast<size_t>(width));
  for (int r = 0; r < h.rows; ++r)
    for (int i = 0; i < width; ++i)
      h.values[static_cast<size_t>(r) * width + i] = classes > 0 ? classFreq(r, order[i]) : u.frequency[order[i]];
  for (int c = 0; c < classes; ++c)
    h.rowLabels << (static_cast<size_t>(c) < report().classNames.size()
                        ? QString::fromStdString(report().classNames[c]) : QString::number(c));
  if (classes == 0) h.rowLabels << tr("all");
  h.title = tr("Neuron usage, layer %1 (k = %2 of %3)%4")
                .arg(lp.layer).arg(u.k).arg(u.width)
                .arg(runSuffix());
  h.xLabel = tr("neuron (sorted by %1)").arg(choice()->currentText());
  h.yLabel = classes > 0 ? tr("class") : QString();
  h.valueLabel = tr("activation frequency");
  h.low = 0;
  h.high = 1;
  heatmap()->setHeatmap(h);
  info()->setText(tr("dead: %1   always on: %2   probed examples: %3   epoch %4")
                      .arg(u.dead)
                      .arg(u.alwaysOn)
                      .arg(report().examples >= 0 ? QString::number(report().examples) : tr("not recorded"))
                      .arg(report().epoch));
}

}  // namespace comet::gui
