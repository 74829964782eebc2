// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
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
// standard on a diverging map centred at 0. Sweeps run as a `comet sweep` child
// process (they are processes anyway: --jobs, cluster cells) and the view
// watches the folder, so a sweep started elsewhere shows up the same way.
class SweepView : public FigureView {
  Q_OBJECT
 public:
  explicit SweepView(QWidget* parent = nullptr);
  ~SweepView() override;

  void openSweep(const QString& directory);
  // Starts `comet sweep FILE --out DIR --jobs N`; returns an error text, empty when started.
  QString runSweep(const QString& sweepFile, const QString& directory, int jobs = 1);
  void stopSweep();
  bool sweepRunning() const;
  void refresh();
  void setCometExecutable(const QString& path) { m_comet = path; }

  const QString& directory() const { return m_directory; }
  const std::vector<SweepRow>& rows() const { return m_rows; }
  SweepGridPlot* gridPlot() const { return m_grid; }
  HeatmapPlot* heatmap() const { return m_heatmap; }
  QSortFilterProxyModel* tableModel() const { return m_proxy; }
  QComboBox* heatmapChoice() const { return m_heatmapChoice; }

  QCustomPlot* plot() const override;
  QString figureName() const override { return QStringLiteral("sweep_grid"); }
  CsvTable figureData() const override;

 Q_SIGNALS:
  void statusChanged(const QString& text);
  void sweepFinished(int exitCode);

 private:
  void fillTable();
  void updateHeatmap();
  void setStatus(const QString& text);

  QString m_directory;
  QString m_comet;
  std::vector<SweepRow> m_rows;
  QProcess* m_process = nullptr;
  QTimer* m_watch = nullptr;
  QLabel* m_folder = nullptr;
  QLabel* m_status = nullptr;
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
