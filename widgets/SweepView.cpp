// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/SweepView.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "core/sweep/SweepGrid.h"
#include "core/sweep/SweepStatus.h"
#include "core/util/DirectoryLock.h"
#include "core/util/MetricNames.h"
#include "widgets/HeatmapPlot.h"
#include "widgets/SweepGridPlot.h"

namespace comet::gui {
namespace {

const QString kDifference = QStringLiteral("comet − standard");

QString valueOf(const SweepRow& r, const std::string& key, const std::string& summaryKey) {
  for (const auto& [k, v] : r.assignments)
    if (k == key) return QString::fromStdString(v);
  const auto it = r.summary.find(summaryKey);
  return it == r.summary.end() ? QString() : QString::fromStdString(it->second);
}

void sortNumeric(QStringList& values) {
  std::sort(values.begin(), values.end(), [](const QString& a, const QString& b) { return a.toDouble() < b.toDouble(); });
}

}  // namespace

SweepView::SweepView(QWidget* parent) : FigureView(parent) {
  m_folder = new QLabel(tr("No sweep open. File ▸ Open sweep folder, or Run ▸ Run sweep file."), this);
  m_folder->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_status = new QLabel(this);
  m_progress = new QLabel(this);
  m_metric = new QComboBox(this);
  m_metric->addItem(tr("validation accuracy"), metric::kValAcc);
  m_metric->addItem(tr("validation loss"), metric::kValLoss);
  m_metric->addItem(tr("training accuracy"), metric::kTrainAcc);
  m_metric->addItem(tr("training loss"), metric::kTrainLoss);
  auto* top = new QHBoxLayout;
  top->addWidget(m_folder, 1);
  top->addWidget(m_status);
  top->addWidget(m_progress);
  top->addWidget(new QLabel(tr("Grid shows"), this));
  top->addWidget(m_metric);

  m_grid = new SweepGridPlot(this);
  m_model = new QStandardItemModel(this);
  m_proxy = new QSortFilterProxyModel(this);
  m_proxy->setSourceModel(m_model);
  m_proxy->setFilterKeyColumn(-1);
  m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
  m_proxy->setSortRole(Qt::UserRole);
  m_table = new QTableView(this);
  m_table->setModel(m_proxy);
  m_table->setSortingEnabled(true);
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_table->verticalHeader()->setVisible(false);
  m_filter = new QLineEdit(this);
  m_filter->setPlaceholderText(tr("Filter runs (any column), e.g. comet or completed"));
  m_filter->setClearButtonEnabled(true);
  auto* tablePane = new QWidget(this);
  auto* tableLayout = new QVBoxLayout(tablePane);
  tableLayout->setContentsMargins(0, 0, 0, 0);
  tableLayout->addWidget(m_filter);
  tableLayout->addWidget(m_table);

  m_heatmap = new HeatmapPlot(this);
  m_heatmapChoice = new QComboBox(this);
  auto* heatPane = new QWidget(this);
  auto* heatLayout = new QVBoxLayout(heatPane);
  heatLayout->setContentsMargins(0, 0, 0, 0);
  auto* heatBar = new QHBoxLayout;
  heatBar->addWidget(new QLabel(tr("Final test accuracy of"), this));
  heatBar->addWidget(m_heatmapChoice, 1);
  heatLayout->addLayout(heatBar);
  heatLayout->addWidget(m_heatmap, 1);

  auto* bottom = new QSplitter(Qt::Horizontal, this);
  bottom->addWidget(tablePane);
  bottom->addWidget(heatPane);
  bottom->setStretchFactor(0, 3);
  bottom->setStretchFactor(1, 2);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(m_grid);
  split->addWidget(bottom);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(split, 1);

  m_watch = new QTimer(this);
  m_watch->setInterval(3000);
  connect(m_watch, &QTimer::timeout, this, &SweepView::refresh);
  connect(m_metric, &QComboBox::currentIndexChanged, this, &SweepView::refresh);
  connect(m_heatmapChoice, &QComboBox::currentIndexChanged, this, &SweepView::updateHeatmap);
  connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
}

QCustomPlot* SweepView::plot() const { return m_grid; }

NumericCsv SweepView::figureData() const { return m_grid->table(); }

void SweepView::setStatus(const QString& text) {
  m_status->setText(text);
  Q_EMIT statusChanged(text);
}

void SweepView::openSweep(const QString& directory) {
  m_directory = directory;
  m_folder->setText(tr("Sweep folder: %1").arg(QDir::toNativeSeparators(directory)));
  m_watch->start();
  refresh();
}

void SweepView::refresh() {
  if (m_directory.isEmpty()) return;
  m_rows = scanSweep(m_directory.toStdString());
  const std::string metric = m_metric->currentData().toString().toStdString();
  m_grid->setGrid(sweepGrid(m_rows, metric), QFileInfo(m_directory).fileName() + ": " + m_metric->currentText() +
                                                 tr(" per epoch, line at the middle of the min-max over seeds"));
  fillTable();
  // Heatmap choices: every method with completed runs, and the difference when both exist.
  QStringList methods;
  for (const auto& r : m_rows) {
    const QString m = valueOf(r, "model.method", "method");
    if (!m.isEmpty() && !methods.contains(m)) methods << m;
  }
  if (methods.contains("comet") && methods.contains("standard")) methods << kDifference;
  const QString current = m_heatmapChoice->currentText();
  QStringList existing;
  for (int i = 0; i < m_heatmapChoice->count(); ++i) existing << m_heatmapChoice->itemText(i);
  if (existing != methods) {
    const QSignalBlocker block(m_heatmapChoice);
    m_heatmapChoice->clear();
    m_heatmapChoice->addItems(methods);
    const int keep = methods.indexOf(current.isEmpty() ? QStringLiteral("comet") : current);
    m_heatmapChoice->setCurrentIndex(std::max(0, keep));
  }
  updateHeatmap();
  m_progress->setText(progressText());
}

QString SweepView::progressText() const {
  // Every cell, also those not started, when the folder has sweep.json; a
  // "running" summary whose directory nobody locks is a killed run (stopped).
  const std::string dir = m_directory.toStdString();
  std::optional<SweepRecord> record;
  try {
    record = readSweepRecord(dir);
  } catch (const std::exception&) {
  }
  int done = 0, running = 0, failed = 0, stopped = 0, diverged = 0;
  for (const auto& r : m_rows) {
    const std::string status = r.status();
    if (status == "completed") ++done;
    else if (status == "diverged") ++diverged;
    else if (status == "failed" || status == "unreadable") ++failed;
    else if (DirectoryLock::isHeld(r.directory)) ++running;
    else ++stopped;
  }
  const int total = record ? static_cast<int>(record->cells) : static_cast<int>(m_rows.size());
  QStringList parts;
  parts << tr("%1 of %2 cells complete").arg(done).arg(total);
  if (running) parts << tr("%1 running").arg(running);
  if (diverged) parts << tr("%1 diverged").arg(diverged);
  if (failed) parts << tr("%1 failed").arg(failed);
  if (stopped) parts << tr("%1 stopped").arg(stopped);
  if (record && total > static_cast<int>(m_rows.size())) parts << tr("%1 not started").arg(total - static_cast<int>(m_rows.size()));
  const auto jobs = readSlurmJobIds(dir);
  if (!jobs.empty()) {
    QStringList ids;
    for (const auto& id : jobs) ids << QString::fromStdString(id);
    parts << (ids.size() == 1 ? tr("Slurm job %1") : tr("Slurm jobs %1")).arg(ids.join(QStringLiteral(", ")));
  }
  return parts.join(QStringLiteral(" · "));
}

void SweepView::fillTable() {
  // From the rows themselves, not by re-parsing sweep.csv (values such as [100,200] hold commas).
  const SweepTable table = sweepTable(m_rows);
  QStringList header;
  for (const auto& h : table.header) header << QString::fromStdString(h);
  m_model->clear();
  m_model->setHorizontalHeaderLabels(header);
  for (const auto& row : table.rows) {
    QList<QStandardItem*> items;
    for (const auto& cell : row) {
      const QString text = QString::fromStdString(cell);
      auto* item = new QStandardItem(text);
      bool number = false;
      const double v = text.toDouble(&number);
      item->setData(number ? QVariant(v) : QVariant(text), Qt::UserRole);
      item->setEditable(false);
      items << item;
    }
    m_model->appendRow(items);
  }
}

void SweepView::updateHeatmap() {
  const QString choice = m_heatmapChoice->currentText();
  if (choice.isEmpty()) return;
  // Mean final test accuracy over seeds per (method, p_k, width).
  std::map<std::tuple<QString, QString, QString>, std::pair<double, int>> sums;
  QStringList pks, widths;
  for (const auto& r : m_rows) {
    if (r.status() != "completed") continue;
    const double acc = r.number(metric::kTestAcc);
    if (std::isnan(acc)) continue;
    const QString pk = valueOf(r, "model.pk", "pk"), width = valueOf(r, "model.width", "width");
    if (!pks.contains(pk)) pks << pk;
    if (!widths.contains(width)) widths << width;
    auto& s = sums[{valueOf(r, "model.method", "method"), pk, width}];
    s.first += acc;
    s.second += 1;
  }
  sortNumeric(pks);
  sortNumeric(widths);
  const auto mean = [&](const QString& method, const QString& pk, const QString& width) {
    const auto it = sums.find({method, pk, width});
    return it == sums.end() ? NAN : 100 * it->second.first / it->second.second;
  };
  HeatmapData d;
  d.rows = static_cast<int>(pks.size());
  d.cols = static_cast<int>(widths.size());
  d.rowLabels = pks;
  d.colLabels = widths;
  d.yLabel = tr("p_k");
  d.xLabel = tr("width N");
  d.diverging = choice == kDifference;
  d.title = d.diverging ? tr("COMET minus standard, final test accuracy") : tr("%1: final test accuracy").arg(choice);
  d.valueLabel = d.diverging ? tr("difference (percentage points)") : tr("test accuracy (%)");
  for (const QString& pk : pks)
    for (const QString& width : widths)
      d.values.push_back(d.diverging ? mean("comet", pk, width) - mean("standard", pk, width) : mean(choice, pk, width));
  m_heatmap->setHeatmap(d);
}

}  // namespace comet::gui
