// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/SweepGridPlot.h"

#include "core/config/MethodNames.h"
#include "core/util/MetricNames.h"

namespace comet::gui {
namespace {

QString shortKey(const std::string& key) {
  const auto dot = key.rfind('.');
  const QString k = QString::fromStdString(dot == std::string::npos ? key : key.substr(dot + 1));
  return k == "pk" ? QStringLiteral("p_k") : k == "width" ? QStringLiteral("N") : k;
}

QString metricLabel(const std::string& name) {
  if (name == metric::kValAcc) return QStringLiteral("validation accuracy");
  if (name == metric::kValLoss) return QStringLiteral("validation loss");
  if (name == metric::kTrainAcc) return QStringLiteral("training accuracy");
  if (name == metric::kTrainLoss) return QStringLiteral("training loss");
  return QString::fromStdString(name);
}

}  // namespace

QColor SweepGridPlot::seriesColour(const QString& label) {
  // Tableau-like qualitative palette; methods keep their colour across panels and figures.
  static const QList<QColor> palette = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                                        QColor(214, 39, 40),  QColor(148, 103, 189), QColor(140, 86, 75),
                                        QColor(227, 119, 194), QColor(127, 127, 127), QColor(188, 189, 34),
                                        QColor(23, 190, 207), QColor(0, 0, 0)};
  const auto names = comet::methodNames();
  int index = -1;
  for (size_t i = 0; i < names.size(); ++i)
    if (QString::fromStdString(names[i]) == label) index = static_cast<int>(i);
  if (label == "comet") return QColor(0, 0, 0);  // the method of interest stands out
  if (index < 0) index = static_cast<int>(qHash(label) % 10);
  return palette[index % 10];
}

SweepGridPlot::SweepGridPlot(QWidget* parent) : QCustomPlot(parent) {
  setNoAntialiasingOnDrag(true);
  setMinimumSize(480, 320);
}

void SweepGridPlot::setGrid(const SweepGrid& grid, const QString& title) {
  m_grid = grid;
  clearPlottables();
  plotLayout()->clear();  // deletes the default axis rect and legend
  const int rows = static_cast<int>(grid.rowValues.size());
  const int cols = static_cast<int>(grid.columnValues.size());
  auto* heading = new QCPTextElement(this, title.isEmpty() ? metricLabel(grid.metric) + " per epoch (min-max over seeds)" : title,
                                     QFont(font().family(), 11, QFont::Bold));
  plotLayout()->addElement(0, 0, heading);
  auto* panels = new QCPLayoutGrid;
  plotLayout()->addElement(1, 0, panels);
  auto* legend = new QCPLegend;
  legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
  legend->setWrap(6);
  legend->setBorderPen(Qt::NoPen);
  plotLayout()->addElement(2, 0, legend);
  plotLayout()->setRowStretchFactor(0, 0.01);
  plotLayout()->setRowStretchFactor(2, 0.01);
  legend->setLayer("legend");

  QSet<QString> inLegend;
  auto* margins = new QCPMarginGroup(this);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      auto* rect = new QCPAxisRect(this);
      panels->addElement(r, c, rect);
      rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
      QCPAxis* x = rect->axis(QCPAxis::atBottom);
      QCPAxis* y = rect->axis(QCPAxis::atLeft);
      if (r == 0) {
        QCPAxis* top = rect->axis(QCPAxis::atTop);
        top->setVisible(true);
        top->setTicks(false);
        top->setTickLabels(false);
        top->setLabel(shortKey(grid.columnKey) + " = " + QString::fromStdString(grid.columnValues[static_cast<size_t>(c)]));
      }
      if (c == 0) y->setLabel(shortKey(grid.rowKey) + " = " + QString::fromStdString(grid.rowValues[static_cast<size_t>(r)]) + "\n" + metricLabel(grid.metric));
      if (r == rows - 1) x->setLabel("epoch");
      const GridPanel& panel = grid.panel(static_cast<size_t>(r), static_cast<size_t>(c));
      for (const auto& s : panel.series) {
        const QString label = QString::fromStdString(s.label);
        const QColor colour = seriesColour(label);
        const QVector<double> ex(s.epochs.begin(), s.epochs.end());
        auto* low = addGraph(x, y);
        auto* high = addGraph(x, y);
        low->setData(ex, QVector<double>(s.low.begin(), s.low.end()), true);
        high->setData(ex, QVector<double>(s.high.begin(), s.high.end()), true);
        low->setPen(Qt::NoPen);
        high->setPen(Qt::NoPen);
        QColor band = colour;
        band.setAlpha(45);
        high->setBrush(band);
        high->setChannelFillGraph(low);
        auto* line = addGraph(x, y);
        line->setData(ex, QVector<double>(s.middle.begin(), s.middle.end()), true);
        line->setPen(QPen(colour, label == "comet" ? 2.0 : 1.2));
        line->setName(label);
        for (auto* g : {low, high, line}) g->removeFromLegend();
        if (!inLegend.contains(label)) {
          line->addToLegend(legend);
          inLegend.insert(label);
        }
      }
      rect->axis(QCPAxis::atBottom)->rescale();
      rect->axis(QCPAxis::atLeft)->rescale();
      y->scaleRange(1.08, y->range().center());
      x->setRange(x->range().lower - 0.2, x->range().upper + 0.2);
    }
  replot();
}

NumericCsv SweepGridPlot::table() const {
  NumericCsv t;
  t.header = {shortKey(m_grid.rowKey).toStdString(), shortKey(m_grid.columnKey).toStdString(), "series", "epoch", "low",
              "middle", "high", "mean", "seeds"};
  // Series labels are text: written as their index in the method list (the header names the order).
  const auto& series = m_grid.seriesValues;
  QStringList names;
  for (const auto& s : series) names << QString::fromStdString(s);
  t.header[2] = ("series(" + names.join('|') + ")").toStdString();
  for (size_t r = 0; r < m_grid.rowValues.size(); ++r)
    for (size_t c = 0; c < m_grid.columnValues.size(); ++c)
      for (const auto& s : m_grid.panel(r, c).series) {
        const double si = static_cast<double>(names.indexOf(QString::fromStdString(s.label)));
        for (size_t e = 0; e < s.epochs.size(); ++e)
          t.rows.push_back({std::strtod(m_grid.rowValues[r].c_str(), nullptr), std::strtod(m_grid.columnValues[c].c_str(), nullptr),
                            si, s.epochs[e], s.low[e], s.middle[e], s.high[e], s.mean[e], static_cast<double>(s.seeds)});
      }
  return t;
}

}  // namespace comet::gui
