// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/RunsTable.h"

#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QPainter>
#include <QPixmap>
#include <QStyle>
#include <cmath>

#include "core/config/ExperimentConfig.h"
#include "core/run/RunFormat.h"

namespace comet::gui {
namespace {

enum Column { kRun, kMethod, kWidth, kPk, kSeed, kBestVal, kTest, kTime, kStatus, kColumns };

QString percent(double v) { return std::isfinite(v) ? QString::number(100 * v, 'f', 2) + " %" : QStringLiteral("–"); }

QIcon swatch(const QColor& c) {
  QPixmap p(12, 12);
  p.fill(c);
  return QIcon(p);
}

}  // namespace

RunsTable::RunsTable(QWidget* parent) : QTableWidget(0, kColumns, parent) {
  setHorizontalHeaderLabels({tr("Run"), tr("Method"), tr("Width"), tr("p_k"), tr("Seed"), tr("Best val acc"),
                             tr("Test acc"), tr("Time"), tr("Status")});
  setSelectionBehavior(QAbstractItemView::SelectRows);
  setSelectionMode(QAbstractItemView::SingleSelection);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  verticalHeader()->setVisible(false);
  horizontalHeader()->setStretchLastSection(true);
  horizontalHeader()->setSectionResizeMode(kRun, QHeaderView::Interactive);
  setColumnWidth(kRun, 260);
  setSortingEnabled(false);
  connect(this, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
    if (!m_updating && item->column() == kRun) Q_EMIT checkedRunsChanged();
  });
  connect(this, &QTableWidget::currentCellChanged, this, [this](int row, int, int, int) {
    if (!m_updating && row >= 0) Q_EMIT currentRunChanged(item(row, kRun)->data(Qt::UserRole).toInt());
  });
}

int RunsTable::rowOf(int id) const {
  for (int r = 0; r < rowCount(); ++r)
    if (item(r, kRun)->data(Qt::UserRole).toInt() == id) return r;
  return -1;
}

void RunsTable::showRun(const RunData& run, bool checked) {
  m_updating = true;
  int row = rowOf(run.id);
  if (row < 0) {
    row = rowCount();
    insertRow(row);
    for (int c = 0; c < kColumns; ++c) setItem(row, c, new QTableWidgetItem);
    item(row, kRun)->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    item(row, kRun)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    item(row, kRun)->setData(Qt::UserRole, run.id);
  }
  const auto& model = run.config.model;
  QStringList w;
  if (isTransformer(model.backbone)) w << QStringLiteral("d%1 x%2").arg(model.embedDim).arg(model.depth);
  else
    for (auto x : hiddenWidths(model)) w << QString::number(x);
  item(row, kRun)->setText(run.directory.isEmpty() ? runLabel(run) : run.directory.section('/', -1));
  item(row, kRun)->setIcon(swatch(run.colour));
  item(row, kRun)->setToolTip(run.directory);
  item(row, kMethod)->setText(methodText(run.config));
  item(row, kWidth)->setText(w.join("-"));
  item(row, kPk)->setText(run.config.model.backbone == "moe" ? QStringLiteral("–") : QString::number(run.config.model.pk));
  item(row, kSeed)->setText(QString::number(run.config.seed));
  item(row, kBestVal)->setText(percent(run.summary.bestValAcc));
  item(row, kTest)->setText(percent(run.summary.testAcc));
  item(row, kTime)->setText(QStringLiteral("%1 s").arg(run.summary.seconds, 0, 'f', 1));
  QTableWidgetItem* status = item(row, kStatus);
  status->setText(statusText(run.summary));
  QString tip = QString::fromStdString(run.summary.message);
  if (run.summary.status == RunStatus::Diverged && !run.directory.isEmpty())
    tip += QFileInfo::exists(QDir(run.directory).filePath(QString::fromLatin1(runformat::kCheckpointFile)))
               ? tr("\nThe last good checkpoint is kept in %1/checkpoint.pt.").arg(run.directory)
               : tr("\nIt diverged before its first checkpoint (train.checkpoint_every_steps).");
  status->setToolTip(tip);
  const bool bad = endedBadly(run.summary);
  status->setIcon(bad ? style()->standardIcon(QStyle::SP_MessageBoxWarning) : QIcon());
  status->setForeground(bad ? QBrush(problemColour()) : QBrush());
  m_updating = false;
}

std::vector<int> RunsTable::checkedRunIds() const {
  std::vector<int> ids;
  for (int r = 0; r < rowCount(); ++r)
    if (item(r, kRun)->checkState() == Qt::Checked) ids.push_back(item(r, kRun)->data(Qt::UserRole).toInt());
  return ids;
}

int RunsTable::currentRunId() const {
  const int r = currentRow();
  return r >= 0 ? item(r, kRun)->data(Qt::UserRole).toInt() : -1;
}

void RunsTable::selectRun(int id) {
  const int r = rowOf(id);
  if (r >= 0) setCurrentCell(r, kRun);
}

}  // namespace comet::gui
