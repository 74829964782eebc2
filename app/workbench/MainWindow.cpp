// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/MainWindow.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

#include "app/workbench/ConfigFile.h"
#include "app/workbench/RunControls.h"
#include "app/workbench/WorkbenchActions.h"
#include "widgets/ConfigForm.h"
#include "widgets/CurvePlot.h"
#include "widgets/RecentFilesMenu.h"
#include "widgets/RunLoader.h"
#include "widgets/RunsTable.h"
#include "widgets/SweepView.h"

// The icons live in a static library: register them explicitly.
static void initWorkbenchResources() { Q_INIT_RESOURCE(resources); }

namespace comet::workbench {

using gui::RunData;

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_planner(QDir::current().filePath("runs")) {
  initWorkbenchResources();
  setWindowTitle(tr("COMET Workbench"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/comet-workbench.svg")));
  setAcceptDrops(true);
  m_actions = new WorkbenchActions(this);
  m_configFile = std::make_unique<ConfigFile>(this, m_actions->recent);

  m_tabs = new InspectionTabs(this);
  m_splitter = new QSplitter(Qt::Horizontal, this);
  m_splitter->setObjectName("mainSplitter");
  m_splitter->addWidget(createLeftPane());
  m_splitter->addWidget(m_tabs);
  m_splitter->setStretchFactor(1, 1);
  m_splitter->setSizes({380, 1000});
  setCentralWidget(m_splitter);

  m_runsTable = new gui::RunsTable(this);
  auto* runsDock = new QDockWidget(tr("Runs"), this);
  runsDock->setObjectName("runsDock");
  runsDock->setWidget(m_runsTable);
  addDockWidget(Qt::BottomDockWidgetArea, runsDock);
  resizeDocks({runsDock}, {180}, Qt::Vertical);

  connectActions();
  connectRuns();
  statusBar()->showMessage(tr("Ready: set up an experiment and press Start (Ctrl+R)"));
  restoreSettings();
  updateActions();
}

MainWindow::~MainWindow() { m_session.shutdown(); }

// The setup form (scrolling) above the run controls.
QWidget* MainWindow::createLeftPane() {
  m_form = new gui::ConfigForm(this);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(m_form);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  const WorkbenchActions& a = *m_actions;
  m_controls = new RunControls({a.start, a.rerun, a.pause, a.stop}, this);
  auto* left = new QWidget(this);
  left->setMinimumWidth(340);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->addWidget(scroll, 1);
  leftLayout->addWidget(m_controls);
  connect(m_form, &gui::ConfigForm::configEdited, this, [this] {
    if (!m_form->isValid()) statusBar()->showMessage(m_form->errorText().section('\n', 0, 0));
    updateActions();
  });
  return left;
}

void MainWindow::connectActions() {
  const WorkbenchActions& a = *m_actions;
  const auto on = [this](QAction* action, auto slot) { connect(action, &QAction::triggered, this, slot); };
  on(a.open, [this] {
    if (const QString path = m_configFile->askOpen(); !path.isEmpty())
      showError(tr("Cannot open config"), openConfig(path));
  });
  on(a.saveAs, [this] {
    if (const QString path = m_configFile->askSaveAs(); !path.isEmpty())
      showError(tr("Cannot save config"), saveConfig(path));
  });
  on(a.save, [this] {
    if (m_configFile->path().isEmpty()) m_actions->saveAs->trigger();
    else showError(tr("Cannot save config"), saveConfig(m_configFile->path()));
  });
  connect(a.recent, &gui::RecentFilesMenu::fileChosen, this,
          [this](const QString& path) { showError(tr("Cannot open config"), openConfig(path)); });
  on(a.openRun, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open run directory"), m_planner.runsFolder());
    if (!dir.isEmpty()) showError(tr("Cannot open run directory"), openRunDirectory(dir));
  });
  on(a.openSweep, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open sweep folder"), m_planner.runsFolder());
    if (!dir.isEmpty()) openSweep(dir);
  });
  on(a.runSweep, [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("Run sweep"), QFileInfo(m_configFile->path()).path(),
                                                      tr("Sweep YAML (*.yaml *.yml)"));
    if (!file.isEmpty()) showError(tr("Cannot run the sweep"), runSweep(file));
  });
  on(a.stopSweep, [this] {
    m_sweepRunner.stop();
    updateActions();
  });
  on(a.exportFigure, [this] {
    if (const QString done = m_export.exportFigure(m_tabs->currentFigure()); !done.isEmpty())
      statusBar()->showMessage(done);
  });
  on(a.exportAll, [this] {
    if (const QString done = m_export.exportAll(checkedRuns()); !done.isEmpty()) statusBar()->showMessage(done);
  });
  on(a.start, [this] { startRuns(); });
  on(a.rerun, [this] { rerunSelected(); });
  on(a.pause, [this] { m_session.setPaused(!m_session.isPaused()); });
  on(a.stop, [this] { m_session.requestStop(); });
}

// Session -> store -> views; the runs table picks what the tabs show.
void MainWindow::connectRuns() {
  connect(m_tabs->sweep(), &gui::SweepView::statusChanged, this,
          [this](const QString& t) { statusBar()->showMessage(t); });
  m_tabs->follow(m_sweepRunner);
  connect(&m_sweepRunner, &SweepRunner::finished, this, [this] { updateActions(); });
  connect(m_runsTable, &gui::RunsTable::checkedRunsChanged, this, &MainWindow::updateOverlay);
  connect(m_runsTable, &gui::RunsTable::currentRunChanged, this, &MainWindow::inspectRun);
  m_runs.follow(m_session);
  connect(&m_runs, &RunStore::runAdded, this, [this](int id) {
    m_runsTable->showRun(*m_runs.find(id));
    updateOverlay();
  });
  connect(&m_runs, &RunStore::runChanged, this, [this](int id) {
    m_runsTable->showRun(*m_runs.find(id));
    curves()->dataAppended();
    showInspected(id, InspectionTabs::Gates);  // the non-zeros curve grows per epoch
  });
  connect(&m_runs, &RunStore::stepsAppended, curves(), &gui::CurvePlot::dataAppended);
  connect(&m_runs, &RunStore::probeChanged, this, [this](int id) { showInspected(id, InspectionTabs::AllViews); });
  connect(&m_runs, &RunStore::samplesChanged, this, [this](int id) { showInspected(id, InspectionTabs::Samples); });
  connect(&m_runs, &RunStore::runFinished, this, [this] {
    updateOverlay();  // a diverged run gets its mark on the curves
    updateActions();
  });
  connect(&m_session, &TrainingSession::progressed, m_controls, &RunControls::showProgress);
  connect(&m_session, &TrainingSession::statusChanged, this, [this](const QString& t) { statusBar()->showMessage(t); });
  connect(&m_session, &TrainingSession::pausedChanged, this, [this] { updateActions(); });
  connect(&m_session, &TrainingSession::sessionFinished, this, [this] {
    m_controls->showIdle(tr("done"));
    statusBar()->showMessage(m_runs.outcome(m_sessionRuns));
    updateActions();
  });
}

void MainWindow::updateActions() {
  const bool running = m_session.isRunning();
  m_actions->update({running, m_session.isPaused(), m_form->isValid(),
                     m_runs.find(m_runsTable->currentRunId()) != nullptr, m_sweepRunner.isRunning()});
  m_form->setEnabled(!running);
}

void MainWindow::showError(const QString& title, const QString& text) {
  if (!text.isEmpty()) QMessageBox::warning(this, title, text);
}

QString MainWindow::openConfig(const QString& path) {
  ExperimentConfig config;
  if (const QString error = m_configFile->load(path, config); !error.isEmpty()) {
    statusBar()->showMessage(tr("Cannot open %1").arg(path));
    return error;
  }
  m_form->setConfig(config);
  setWindowTitle(tr("%1 - COMET Workbench").arg(QFileInfo(path).fileName()));
  statusBar()->showMessage(tr("Opened %1").arg(path));
  updateActions();
  return {};
}

QString MainWindow::saveConfig(const QString& path) {
  if (!m_form->isValid()) return tr("The form has invalid fields:\n%1").arg(m_form->errorText());
  if (const QString error = m_configFile->save(path, m_form->config()); !error.isEmpty()) return error;
  statusBar()->showMessage(tr("Saved %1").arg(path));
  return {};
}

QString MainWindow::openRunDirectory(const QString& path) {
  try {
    RunData run = gui::RunLoader::load(path);
    const int id = m_runs.add(std::move(run)).id;
    m_runsTable->selectRun(id);
    inspectRun(id);
  } catch (const std::exception& e) {
    return QString::fromUtf8(e.what());
  }
  return {};
}

bool MainWindow::startRuns() {
  if (!m_form->isValid() || m_session.isRunning()) {
    statusBar()->showMessage(m_form->isValid() ? tr("A run is in progress") : m_form->errorText().section('\n', 0, 0));
    return false;
  }
  return startJobs(m_planner.expand(m_form->configsPerSeed()));
}

bool MainWindow::rerunSelected() {
  const RunData* selected = m_runs.find(m_runsTable->currentRunId());
  if (!selected || m_session.isRunning()) return false;
  const ExperimentConfig config = selected->config;
  m_form->setConfig(config);
  statusBar()->showMessage(tr("Re-running %1 as a new run").arg(gui::runLabel(*selected)));
  return startJobs({config});
}

bool MainWindow::startJobs(const std::vector<ExperimentConfig>& configs) {
  std::vector<TrainingSession::Job> jobs;
  for (PlannedRun& planned : m_planner.reserve(configs)) {
    RunData run;
    run.config = std::move(planned.config);
    run.directory = planned.directory;
    run.summary.message = "queued";
    const auto& stored = m_runs.add(std::move(run));
    jobs.push_back({stored.id, stored.config, stored.directory.toStdString()});
  }
  if (jobs.empty()) return false;
  m_sessionRuns.clear();
  for (const auto& j : jobs) m_sessionRuns.push_back(j.runId);
  const int first = jobs.front().runId;
  m_session.start(std::move(jobs));
  m_runsTable->selectRun(first);  // after start: selecting a run in training leaves the form as it is
  m_inspectedRun = first;
  updateActions();
  return true;
}

std::vector<const RunData*> MainWindow::checkedRuns() const {
  std::vector<const RunData*> runs;
  for (int id : m_runsTable->checkedRunIds())
    if (const auto* r = m_runs.find(id)) runs.push_back(r);
  return runs;
}

void MainWindow::updateOverlay() { curves()->setRuns(checkedRuns()); }

void MainWindow::inspectRun(int id) {
  m_inspectedRun = id;
  showInspected(id, InspectionTabs::AllViews);
  // The form shows the selected run's config, ready for Start or Re-run; not while
  // a session trains (the form is disabled then, and holds what was started).
  const RunData* r = m_runs.find(id);
  if (r && !m_session.isRunning()) {
    m_form->setConfig(r->config);
    statusBar()->showMessage(tr("The form shows the config of %1: Start or Re-run trains it again as a new run")
                                 .arg(gui::runLabel(*r)));
  }
  updateActions();
}

void MainWindow::showInspected(int id, int views) {
  if (const RunData* r = m_runs.find(id); r && id == m_inspectedRun) m_tabs->showRun(*r, views);
}

void MainWindow::showTab(int index) { m_tabs->setCurrentIndex(index); }

QStringList MainWindow::exportAll(const QString& directory, gui::FigureFormat format, QStringList* errors) {
  return m_export.exportAll(checkedRuns(), directory, format, errors);
}

void MainWindow::restoreSettings() {
  QSettings s;
  resize(1400, 900);
  restoreGeometry(s.value("window/geometry").toByteArray());
  restoreState(s.value("window/state").toByteArray());
  m_splitter->restoreState(s.value("window/splitter").toByteArray());
  m_export.restore(s);
  m_planner.setRunsFolder(s.value("runsFolder", m_planner.runsFolder()).toString());
  const QString last = s.value("lastConfig").toString();
  if (!last.isEmpty() && QFileInfo::exists(last)) openConfig(last);
}

void MainWindow::saveSettings() {
  QSettings s;
  s.setValue("window/geometry", saveGeometry());
  s.setValue("window/state", saveState());
  s.setValue("window/splitter", m_splitter->saveState());
  m_export.save(s);
  s.setValue("runsFolder", m_planner.runsFolder());
  s.setValue("lastConfig", m_configFile->path());
}

void MainWindow::openSweep(const QString& directory) { m_tabs->openSweep(directory); }

QString MainWindow::runSweep(const QString& sweepFile, const QString& directory) {
  const QString out = directory.isEmpty() ? m_planner.sweepFolder(sweepFile) : directory;
  const QString error = m_sweepRunner.start(sweepFile, out);
  if (error.isEmpty()) {
    m_tabs->openSweep(out);
    sweepView()->setStatus(tr("Sweep running…"));
  }
  updateActions();
  return error;
}

void MainWindow::closeEvent(QCloseEvent* event) {
  saveSettings();
  m_sweepRunner.stop();  // the running cell stops cleanly; the sweep resumes next time
  if (m_session.isRunning()) {
    statusBar()->showMessage(tr("Stopping the run and saving what was trained…"));
    m_session.shutdown();  // the run directory ends complete, status stopped
  }
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  for (const QUrl& url : event->mimeData()->urls()) {
    const QString path = url.toLocalFile();
    if (path.endsWith(".yaml") || path.endsWith(".yml") || QFileInfo(path).isDir()) {
      event->acceptProposedAction();
      return;
    }
  }
}

void MainWindow::dropEvent(QDropEvent* event) {
  for (const QUrl& url : event->mimeData()->urls()) {
    const QString path = url.toLocalFile();
    if (QFileInfo(path).isDir()) showError(tr("Cannot open run directory"), openRunDirectory(path));
    else showError(tr("Cannot open config"), openConfig(path));
  }
}

}  // namespace comet::workbench
