// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <memory>

#include "app/workbench/ExportFlow.h"
#include "app/workbench/InspectionTabs.h"
#include "app/workbench/RunPlanner.h"
#include "app/workbench/RunStore.h"
#include "app/workbench/SweepRunner.h"
#include "app/workbench/TrainingSession.h"
#include "widgets/FigureExporter.h"
#include "widgets/RunData.h"

class QSplitter;

namespace comet::gui {
class ConfigForm;
class RunsTable;
}  // namespace comet::gui

namespace comet::workbench {

class ConfigFile;
class RunControls;
class WorkbenchActions;

// The workbench window: setup form and run controls on the left, curves and
// inspection views in tabs, the runs list in a dock. Owns the runs (RunStore)
// and the training session, and wires the one into the other and both into the
// widgets, which only display. It composes: the actions and menus
// (WorkbenchActions), the tabs (InspectionTabs), what a Start trains (RunPlanner),
// the config file (ConfigFile) and figure export (ExportFlow) are their own classes.
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
  void setRunsFolder(const QString& folder) { m_planner.setRunsFolder(folder); }
  // Start also trains these methods, with the form's other settings (comparisons).
  // An error text for an unknown method (then nothing changes), empty on success.
  QString setCompareMethods(const QStringList& methods) { return m_planner.setCompareMethods(methods); }
  QStringList exportAll(const QString& directory, gui::FigureFormat format, QStringList* errors = nullptr);

  TrainingSession& session() { return m_session; }
  gui::ConfigForm* form() const { return m_form; }
  gui::CurvePlot* curves() const { return m_tabs->curves(); }
  gui::RunsTable* runsTable() const { return m_runsTable; }
  gui::UsageView* usageView() const { return m_tabs->usage(); }
  gui::SweepView* sweepView() const { return m_tabs->sweep(); }
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
  QWidget* createLeftPane();
  void connectActions();
  void connectRuns();
  void restoreSettings();
  void saveSettings();
  void updateActions();
  void updateOverlay();
  void inspectRun(int id);
  void showInspected(int id, int views);  // the tabs' views, when `id` is the inspected run
  bool startJobs(const std::vector<ExperimentConfig>& configs);
  std::vector<const gui::RunData*> checkedRuns() const;
  void showError(const QString& title, const QString& text);

  TrainingSession m_session;
  SweepRunner m_sweepRunner;
  RunStore m_runs;
  RunPlanner m_planner;
  ExportFlow m_export{this};
  int m_inspectedRun = -1;
  std::vector<int> m_sessionRuns;  // the runs of the latest Start, for the outcome line
  std::unique_ptr<ConfigFile> m_configFile;  // made with the actions (it adds to their recent files)

  WorkbenchActions* m_actions = nullptr;
  gui::ConfigForm* m_form = nullptr;
  RunControls* m_controls = nullptr;
  InspectionTabs* m_tabs = nullptr;
  gui::RunsTable* m_runsTable = nullptr;
  QSplitter* m_splitter = nullptr;
};

}  // namespace comet::workbench
