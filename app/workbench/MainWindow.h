// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <map>
#include <memory>

#include "app/workbench/RunStore.h"
#include "app/workbench/SweepRunner.h"
#include "app/workbench/TrainingSession.h"
#include "widgets/FigureExporter.h"
#include "widgets/RunData.h"

class QAction;
class QDockWidget;
class QMenu;
class QSplitter;
class QTabWidget;

namespace comet::gui {
class ConfigForm;
class CurvePlot;
class FigureView;
class OverlapView;
class RecentFilesMenu;
class RunsTable;
class SimilarityView;
class GatesView;
class SamplesView;
class SweepView;
class UsageView;
}  // namespace comet::gui

namespace comet::workbench {

class RunControls;

// The workbench window: setup form and run controls on the left, curves and
// inspection views in tabs, the runs list in a dock. Owns the runs (RunStore)
// and the training session, and wires the one into the other and both into the
// widgets, which only display.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Return an error text, empty on success (no dialogs: the callers show them).
  QString openConfig(const QString& path);
  QString saveConfig(const QString& path);
  QString openRunDirectory(const QString& path);
  // Starts one run per seed of the form's config (and the comparison methods);
  // false when the form is invalid or a run is in progress.
  bool startRuns();
  // Trains the selected run's config again as a new run (no comparisons).
  bool rerunSelected();
  void setRunsFolder(const QString& folder) { m_runsFolder = folder; }
  // Start also trains these methods, with the form's other settings (comparisons).
  void setCompareMethods(const QStringList& methods) { m_compareMethods = methods; }
  QStringList exportAll(const QString& directory, gui::FigureFormat format, QStringList* errors = nullptr);

  TrainingSession& session() { return m_session; }
  gui::ConfigForm* form() const { return m_form; }
  gui::CurvePlot* curves() const { return m_curves; }
  gui::RunsTable* runsTable() const { return m_runsTable; }
  gui::UsageView* usageView() const { return m_usage; }
  gui::SweepView* sweepView() const { return m_sweep; }
  SweepRunner& sweepRunner() { return m_sweepRunner; }
  // Shows a sweep folder in the Sweep tab; runs a sweep file (comet sweep) into DIR.
  void openSweep(const QString& directory);
  QString runSweep(const QString& sweepFile, const QString& directory = {});
  // Every run in the window; adding one lists it and overlays it.
  RunStore& runs() { return m_runs; }
  const gui::RunData* run(int id) const { return m_runs.find(id); }
  std::vector<int> runIds() const { return m_runs.ids(); }
  void showTab(int index);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createActions();
  void createMenus();
  void restoreSettings();
  void saveSettings();
  void updateActions();
  void updateOverlay();
  void inspectRun(int id);
  bool startJobs(std::vector<ExperimentConfig> configs);
  void refreshInspection(int id);
  void refreshSamples(int id);  // a language model's text samples
  gui::FigureView* currentFigure() const;
  void exportCurrentFigure();
  void exportAllInteractive();
  void showError(const QString& title, const QString& text);

  TrainingSession m_session;
  SweepRunner m_sweepRunner;
  RunStore m_runs;
  int m_inspectedRun = -1;
  std::vector<int> m_sessionRuns;  // the runs of the latest Start, for the outcome line
  QString m_configPath;
  QString m_runsFolder;
  QStringList m_compareMethods;
  gui::ExportOptions m_exportOptions;
  gui::FigureFormat m_exportFormat = gui::FigureFormat::Png;

  gui::ConfigForm* m_form = nullptr;
  RunControls* m_controls = nullptr;
  gui::CurvePlot* m_curves = nullptr;
  gui::UsageView* m_usage = nullptr;
  gui::OverlapView* m_overlap = nullptr;
  gui::SimilarityView* m_similarity = nullptr;
  gui::GatesView* m_gates = nullptr;
  gui::SamplesView* m_samples = nullptr;
  gui::RunsTable* m_runsTable = nullptr;
  QTabWidget* m_tabs = nullptr;
  QSplitter* m_splitter = nullptr;
  QDockWidget* m_runsDock = nullptr;
  gui::RecentFilesMenu* m_recentMenu = nullptr;

  QAction* m_open = nullptr;
  QAction* m_save = nullptr;
  QAction* m_saveAs = nullptr;
  QAction* m_openRun = nullptr;
  QAction* m_openSweep = nullptr;
  QAction* m_runSweep = nullptr;
  QAction* m_stopSweep = nullptr;
  gui::SweepView* m_sweep = nullptr;
  QAction* m_exportFigure = nullptr;
  QAction* m_exportAll = nullptr;
  QAction* m_quit = nullptr;
  QAction* m_start = nullptr;
  QAction* m_rerun = nullptr;
  QAction* m_pause = nullptr;
  QAction* m_stop = nullptr;
  QAction* m_about = nullptr;
};

}  // namespace comet::workbench
