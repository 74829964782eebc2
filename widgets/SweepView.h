// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include "core/sweep/SweepResults.h"
#include "widgets/FigureView.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;
class QTimer;

namespace comet::gui {

class HeatmapPlot;
class SweepGridPlot;

// A sweep folder in the workbench: the Figure 4/9 grid (filling in while the sweep
// runs), a sortable, filterable table of its runs (sweep.csv's columns), and a
// heatmap of final test accuracy over p_k x width for one method, or COMET minus
// standard on a diverging map centred at 0. The view only watches the folder
// (re-read every 3 s): a sweep started from the workbench (app/workbench's
// SweepRunner), the CLI or a cluster shows up the same way.
class SweepView : public FigureView {
  Q_OBJECT
 public:
  explicit SweepView(QWidget* parent = nullptr);

  void openSweep(const QString& directory);
  void refresh();
  // "12 of 396 cells complete · 2 running · 1 failed · 381 not started · Slurm job
  // 17": from the run directories, sweep.json (every cell) and the Slurm jobs file.
  QString progressText() const;
  // Beside the folder name (and statusChanged): what the sweep process says.
  void setStatus(const QString& text);

  const QString& directory() const { return m_directory; }
  const std::vector<SweepRow>& rows() const { return m_rows; }
  SweepGridPlot* gridPlot() const { return m_grid; }
  HeatmapPlot* heatmap() const { return m_heatmap; }
  QSortFilterProxyModel* tableModel() const { return m_proxy; }
  QComboBox* heatmapChoice() const { return m_heatmapChoice; }

  QCustomPlot* plot() const override;
  QString figureName() const override { return QStringLiteral("sweep_grid"); }
  NumericCsv figureData() const override;

 Q_SIGNALS:
  void statusChanged(const QString& text);

 private:
  void fillTable();
  void updateHeatmap();

  QString m_directory;
  std::vector<SweepRow> m_rows;
  QTimer* m_watch = nullptr;
  QLabel* m_folder = nullptr;
  QLabel* m_status = nullptr;    // what the sweep process says (setStatus)
  QLabel* m_progress = nullptr;  // runs complete, from the folder
  QComboBox* m_metric = nullptr;
  QComboBox* m_heatmapChoice = nullptr;
  QLineEdit* m_filter = nullptr;
  SweepGridPlot* m_grid = nullptr;
  HeatmapPlot* m_heatmap = nullptr;
  QTableView* m_table = nullptr;
  QStandardItemModel* m_model = nullptr;
  QSortFilterProxyModel* m_proxy = nullptr;
};

}  // namespace comet::gui
