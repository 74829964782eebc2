// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSaveFile>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include "app/workbench/AboutDialog.h"
#include "app/workbench/RunControls.h"
#include "core/config/ConfigLoader.h"
#include "core/run/ExperimentRun.h"
#include "widgets/ConfigForm.h"
#include "widgets/CurvePlot.h"
#include "widgets/GatesView.h"
#include "widgets/SamplesView.h"
#include "widgets/ExportOptionsDialog.h"
#include "widgets/FigureBatch.h"
#include "widgets/OverlapView.h"
#include "widgets/RecentFilesMenu.h"
#include "widgets/RunLoader.h"
#include "widgets/RunsTable.h"
#include "widgets/SimilarityView.h"
#include "widgets/SweepView.h"
#include "widgets/UsageView.h"

// The icons live in a static library: register them explicitly.
static void initWorkbenchResources() { Q_INIT_RESOURCE(resources); }

namespace comet::workbench {

using gui::RunData;

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  initWorkbenchResources();
  setWindowTitle(tr("COMET Workbench"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/comet-workbench.svg")));
  setAcceptDrops(true);
  m_runsFolder = QDir::current().filePath("runs");
  createActions();
  createMenus();

  m_form = new gui::ConfigForm(this);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(m_form);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  m_controls = new RunControls({m_start, m_rerun, m_pause, m_stop}, this);
  auto* left = new QWidget(this);
  left->setMinimumWidth(340);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->addWidget(scroll, 1);
  leftLayout->addWidget(m_controls);

  m_curves = new gui::CurvePlot(this);
  m_usage = new gui::UsageView(this);
  m_overlap = new gui::OverlapView(this);
  m_similarity = new gui::SimilarityView(this);
  m_gates = new gui::GatesView(this);
  m_samples = new gui::SamplesView(this);
  m_tabs = new QTabWidget(this);
  m_tabs->addTab(m_curves, tr("Learning curves"));
  m_tabs->addTab(m_usage, tr("Neuron usage"));
  m_tabs->addTab(m_overlap, tr("Mask overlap"));
  m_tabs->addTab(m_similarity, tr("Overlap vs similarity"));
  m_tabs->addTab(m_gates, tr("Gates"));
  m_tabs->addTab(m_samples, tr("Samples"));
  m_sweep = new gui::SweepView(this);
  m_tabs->addTab(m_sweep, tr("Sweep"));
  connect(m_sweep, &gui::SweepView::statusChanged, this, [this](const QString& t) { statusBar()->showMessage(t); });
  connect(&m_sweepRunner, &SweepRunner::outputLine, m_sweep, &gui::SweepView::setStatus);
  connect(&m_sweepRunner, &SweepRunner::finished, this, [this](int, const QString& summary) {
    m_sweep->refresh();
    m_sweep->setStatus(summary);
    updateActions();
  });

  m_splitter = new QSplitter(Qt::Horizontal, this);
  m_splitter->setObjectName("mainSplitter");
  m_splitter->addWidget(left);
  m_splitter->addWidget(m_tabs);
  m_splitter->setStretchFactor(1, 1);
  m_splitter->setSizes({380, 1000});
  setCentralWidget(m_splitter);

  m_runsTable = new gui::RunsTable(this);
  m_runsDock = new QDockWidget(tr("Runs"), this);
  m_runsDock->setObjectName("runsDock");
  m_runsDock->setWidget(m_runsTable);
  addDockWidget(Qt::BottomDockWidgetArea, m_runsDock);
  resizeDocks({m_runsDock}, {180}, Qt::Vertical);

  connect(m_runsTable, &gui::RunsTable::checkedRunsChanged, this, &MainWindow::updateOverlay);
  connect(m_runsTable, &gui::RunsTable::currentRunChanged, this, &MainWindow::inspectRun);
  // Session -> store -> views.
  connect(&m_session, &TrainingSession::runStarted, &m_runs, [this](int id, const RunInfo&) { m_runs.markTraining(id); });
  connect(&m_session, &TrainingSession::stepsArrived, &m_runs, &RunStore::appendSteps);
  connect(&m_session, &TrainingSession::epochFinished, &m_runs, &RunStore::addEpoch);
  connect(&m_session, &TrainingSession::probeFinished, &m_runs, &RunStore::setProbe);
  connect(&m_session, &TrainingSession::textSampled, &m_runs, &RunStore::addSample);
  connect(&m_runs, &RunStore::samplesChanged, this, [this](int id) {
    if (m_inspectedRun == id) refreshSamples(id);
  });
  connect(&m_session, &TrainingSession::runFinished, &m_runs, &RunStore::finish);
  connect(&m_runs, &RunStore::runAdded, this, [this](int id) {
    m_runsTable->showRun(*m_runs.find(id));
    updateOverlay();
  });
  connect(&m_runs, &RunStore::runChanged, this, [this](int id) {
    m_runsTable->showRun(*m_runs.find(id));
    m_curves->dataAppended();
    if (const auto* r = m_runs.find(id); r && m_inspectedRun == id)  // the non-zeros curve grows per epoch
      m_gates->setRun(r->probe, r->epochs, gui::runLabel(*r));
  });
  connect(&m_runs, &RunStore::stepsAppended, m_curves, &gui::CurvePlot::dataAppended);
  connect(&m_runs, &RunStore::probeChanged, this, [this](int id) {
    if (m_inspectedRun == id) refreshInspection(id);
  });
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
  connect(m_form, &gui::ConfigForm::configEdited, this, [this] {
    if (!m_form->isValid()) statusBar()->showMessage(m_form->errorText().section('\n', 0, 0));
    updateActions();
  });
  statusBar()->showMessage(tr("Ready: set up an experiment and press Start (Ctrl+R)"));
  restoreSettings();
  updateActions();
}

MainWindow::~MainWindow() { m_session.shutdown(); }

void MainWindow::createActions() {
  const auto make = [this](const QString& text, QStyle::StandardPixmap icon, const QKeySequence& key, auto slot) {
    auto* a = new QAction(style()->standardIcon(icon), text, this);
    a->setShortcut(key);
    connect(a, &QAction::triggered, this, slot);
    return a;
  };
  m_open = make(tr("&Open config…"), QStyle::SP_DialogOpenButton, QKeySequence::Open, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open config"), QFileInfo(m_configPath).path(),
                                                      tr("Experiment YAML (*.yaml *.yml)"));
    if (!path.isEmpty()) showError(tr("Cannot open config"), openConfig(path));
  });
  m_saveAs = make(tr("Save config &as…"), QStyle::SP_DialogSaveButton, QKeySequence::SaveAs, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save config"), m_configPath, tr("YAML (*.yaml)"));
    if (!path.isEmpty()) showError(tr("Cannot save config"), saveConfig(path));
  });
  m_save = make(tr("&Save config"), QStyle::SP_DialogSaveButton, QKeySequence::Save, [this] {
    if (m_configPath.isEmpty()) m_saveAs->trigger();
    else showError(tr("Cannot save config"), saveConfig(m_configPath));
  });
  m_openRun = make(tr("Open &run directory…"), QStyle::SP_DirOpenIcon, QKeySequence(tr("Ctrl+Shift+O")), [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open run directory"), m_runsFolder);
    if (!dir.isEmpty()) showError(tr("Cannot open run directory"), openRunDirectory(dir));
  });
  m_openSweep = make(tr("Open s&weep folder…"), QStyle::SP_DirOpenIcon, QKeySequence(), [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open sweep folder"), m_runsFolder);
    if (!dir.isEmpty()) openSweep(dir);
  });
  m_runSweep = make(tr("Run s&weep file…"), QStyle::SP_MediaPlay, QKeySequence(tr("Ctrl+Shift+R")), [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("Run sweep"), QFileInfo(m_configPath).path(),
                                                      tr("Sweep YAML (*.yaml *.yml)"));
    if (!file.isEmpty()) showError(tr("Cannot run the sweep"), runSweep(file));
  });
  m_stopSweep = make(tr("Stop s&weep"), QStyle::SP_MediaStop, QKeySequence(), [this] {
    m_sweepRunner.stop();
    updateActions();
  });
  m_exportFigure = make(tr("&Export figure…"), QStyle::SP_DialogSaveButton, QKeySequence(tr("Ctrl+E")),
                        &MainWindow::exportCurrentFigure);
  m_exportAll = make(tr("Export &all figures…"), QStyle::SP_DialogSaveButton, QKeySequence(tr("Ctrl+Shift+E")),
                     &MainWindow::exportAllInteractive);
  m_quit = make(tr("&Quit"), QStyle::SP_DialogCloseButton, QKeySequence::Quit, &QWidget::close);
  m_start = make(tr("Start"), QStyle::SP_MediaPlay, QKeySequence(tr("Ctrl+R")), [this] { startRuns(); });
  m_rerun = make(tr("Re-run"), QStyle::SP_BrowserReload, QKeySequence(tr("Ctrl+Shift+F5")), [this] { rerunSelected(); });
  m_rerun->setToolTip(tr("Train the selected run's config again, as a new run"));
  m_pause = make(tr("Pause"), QStyle::SP_MediaPause, QKeySequence(tr("Ctrl+P")),
                 [this] { m_session.setPaused(!m_session.isPaused()); });
  m_stop = make(tr("Stop"), QStyle::SP_MediaStop, QKeySequence(tr("Ctrl+.")), [this] { m_session.requestStop(); });
  // Scalable icons of our own where the standard ones are bitmaps (sharp on HiDPI).
  const auto svg = [](const char* name) { return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name))); };
  m_start->setIcon(svg("start"));
  m_pause->setIcon(svg("pause"));
  m_stop->setIcon(svg("stop"));
  m_exportFigure->setIcon(svg("export"));
  m_exportAll->setIcon(svg("export-all"));
  m_openRun->setIcon(svg("open-run"));
  m_about = make(tr("&About COMET Workbench"), QStyle::SP_MessageBoxInformation, QKeySequence::HelpContents,
                 [this] { showAboutDialog(this); });
}

void MainWindow::createMenus() {
  auto* file = menuBar()->addMenu(tr("&File"));
  file->addActions({m_open, m_save, m_saveAs});
  m_recentMenu = new gui::RecentFilesMenu(tr("Open &recent"), QStringLiteral("recentFiles"), this);
  connect(m_recentMenu, &gui::RecentFilesMenu::fileChosen, this,
          [this](const QString& path) { showError(tr("Cannot open config"), openConfig(path)); });
  file->addMenu(m_recentMenu);
  file->addSeparator();
  file->addAction(m_openRun);
  file->addAction(m_openSweep);
  file->addSeparator();
  file->addActions({m_exportFigure, m_exportAll});
  file->addSeparator();
  file->addAction(m_quit);
  auto* runMenu = menuBar()->addMenu(tr("&Run"));
  runMenu->addActions({m_start, m_rerun, m_pause, m_stop});
  runMenu->addSeparator();
  runMenu->addActions({m_runSweep, m_stopSweep});
  auto* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(m_about);
  help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
  auto* tools = addToolBar(tr("Main"));
  tools->setObjectName("mainToolBar");
  tools->addActions({m_open, m_save, m_openRun});
  tools->addSeparator();
  tools->addActions({m_start, m_rerun, m_pause, m_stop});
  tools->addSeparator();
  tools->addActions({m_exportFigure, m_exportAll});
}

void MainWindow::updateActions() {
  const bool running = m_session.isRunning();
  m_start->setEnabled(!running && m_form->isValid());
  m_rerun->setEnabled(!running && m_runs.find(m_runsTable->currentRunId()) != nullptr);
  m_pause->setEnabled(running);
  m_runSweep->setEnabled(!m_sweepRunner.isRunning());
  m_stopSweep->setEnabled(m_sweepRunner.isRunning());
  m_pause->setText(m_session.isPaused() ? tr("Resume") : tr("Pause"));
  m_pause->setIcon(QIcon(m_session.isPaused() ? QStringLiteral(":/icons/start.svg") : QStringLiteral(":/icons/pause.svg")));
  m_stop->setEnabled(running);
  m_form->setEnabled(!running);
}

void MainWindow::showError(const QString& title, const QString& text) {
  if (!text.isEmpty()) QMessageBox::warning(this, title, text);
}

QString MainWindow::openConfig(const QString& path) {
  try {
    m_form->setConfig(ConfigLoader::loadFile(path.toStdString()));
  } catch (const std::exception& e) {
    statusBar()->showMessage(tr("Cannot open %1").arg(path));
    return QString::fromUtf8(e.what());
  }
  m_configPath = QFileInfo(path).absoluteFilePath();
  m_recentMenu->addFile(m_configPath);
  setWindowTitle(tr("%1 - COMET Workbench").arg(QFileInfo(path).fileName()));
  statusBar()->showMessage(tr("Opened %1").arg(path));
  updateActions();
  return {};
}

QString MainWindow::saveConfig(const QString& path) {
  if (!m_form->isValid()) return tr("The form has invalid fields:\n%1").arg(m_form->errorText());
  QSaveFile file(path);  // atomic: a crash mid-save leaves the old file
  const QByteArray yaml = QByteArray::fromStdString(toYaml(m_form->config()));
  if (!file.open(QIODevice::WriteOnly) || file.write(yaml) != yaml.size() || !file.commit())
    return tr("Cannot save %1: %2").arg(path, file.errorString());
  m_configPath = QFileInfo(path).absoluteFilePath();
  m_recentMenu->addFile(m_configPath);
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
  std::vector<ExperimentConfig> configs = m_form->configsPerSeed();
  const size_t perMethod = configs.size();
  for (const QString& method : m_compareMethods)
    for (size_t i = 0; i < perMethod; ++i)
      if (method.toStdString() != configs[i].model.method) {
        configs.push_back(configs[i]);
        configs.back().model.method = method.toStdString();
      }
  return startJobs(std::move(configs));
}

bool MainWindow::rerunSelected() {
  const RunData* selected = m_runs.find(m_runsTable->currentRunId());
  if (!selected || m_session.isRunning()) return false;
  const ExperimentConfig config = selected->config;
  m_form->setConfig(config);
  statusBar()->showMessage(tr("Re-running %1 as a new run").arg(gui::runLabel(*selected)));
  return startJobs({config});
}

bool MainWindow::startJobs(std::vector<ExperimentConfig> configs) {
  std::vector<TrainingSession::Job> jobs;
  for (const auto& config : configs) {
    RunData run;
    run.config = config;
    run.config.probe.everyEpoch = true;
    run.directory = QString::fromStdString(defaultRunDirectory(config, m_runsFolder.toStdString()));
    run.summary.message = "queued";
    auto& stored = m_runs.add(std::move(run));
    QDir().mkpath(stored.directory);  // reserve the name; defaultRunDirectory avoids existing ones
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

void MainWindow::updateOverlay() {
  std::vector<const RunData*> shown;
  for (int id : m_runsTable->checkedRunIds())
    if (const auto* r = m_runs.find(id)) shown.push_back(r);
  m_curves->setRuns(shown);
}

void MainWindow::inspectRun(int id) {
  m_inspectedRun = id;
  refreshInspection(id);
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

void MainWindow::refreshInspection(int id) {
  const RunData* r = m_runs.find(id);
  if (!r) return;
  const QString label = gui::runLabel(*r);
  m_usage->setReport(r->probe, label);
  m_overlap->setReport(r->probe, label);
  m_similarity->setReport(r->probe, label);
  m_gates->setRun(r->probe, r->epochs, label);
  refreshSamples(id);
}

void MainWindow::refreshSamples(int id) {
  if (const RunData* r = m_runs.find(id))
    m_samples->setRun(r->samples, r->config.sample, isLanguageModel(r->config.data), gui::runLabel(*r));
}

void MainWindow::showTab(int index) { m_tabs->setCurrentIndex(index); }

gui::FigureView* MainWindow::currentFigure() const { return qobject_cast<gui::FigureView*>(m_tabs->currentWidget()); }

void MainWindow::exportCurrentFigure() {
  auto* view = currentFigure();
  if (!view) return;
  gui::ExportOptionsDialog dialog(m_exportOptions, m_exportFormat, this);
  if (dialog.exec() != QDialog::Accepted) return;
  m_exportOptions = dialog.options();
  m_exportFormat = dialog.format();
  const QString ext = gui::suffix(m_exportFormat);
  const QString path = QFileDialog::getSaveFileName(this, tr("Export figure"), view->figureName() + "." + ext,
                                                    ext.toUpper() + QStringLiteral(" (*.%1)").arg(ext));
  if (path.isEmpty()) return;
  const QFileInfo info(path);
  const QString error = gui::exportFigure(*view, info.path(), info.completeBaseName(), m_exportFormat, m_exportOptions);
  showError(tr("Export failed"), error);
  if (error.isEmpty()) statusBar()->showMessage(tr("Wrote %1 and its CSV").arg(path));
}

QStringList MainWindow::exportAll(const QString& directory, gui::FigureFormat format, QStringList* errors) {
  std::vector<const RunData*> runs;
  for (int id : m_runsTable->checkedRunIds())
    if (const auto* r = run(id)) runs.push_back(r);
  return gui::exportFigures(runs, directory, "all", format, m_exportOptions, errors);
}

void MainWindow::exportAllInteractive() {
  gui::ExportOptionsDialog dialog(m_exportOptions, m_exportFormat, this);
  if (dialog.exec() != QDialog::Accepted) return;
  m_exportOptions = dialog.options();
  m_exportFormat = dialog.format();
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Export all figures into"));
  if (dir.isEmpty()) return;
  QStringList errors;
  const QStringList files = exportAll(dir, m_exportFormat, &errors);
  showError(tr("Some figures were not written"), errors.join('\n'));
  statusBar()->showMessage(tr("Wrote %1 files into %2").arg(files.size()).arg(dir));
}

void MainWindow::restoreSettings() {
  QSettings s;
  resize(1400, 900);
  restoreGeometry(s.value("window/geometry").toByteArray());
  restoreState(s.value("window/state").toByteArray());
  m_splitter->restoreState(s.value("window/splitter").toByteArray());
  m_exportOptions.width = s.value("export/width", m_exportOptions.width).toInt();
  m_exportOptions.height = s.value("export/height", m_exportOptions.height).toInt();
  m_exportOptions.dpi = s.value("export/dpi", m_exportOptions.dpi).toDouble();
  m_exportFormat = gui::figureFormatFromString(s.value("export/format", "png").toString());
  m_runsFolder = s.value("runsFolder", m_runsFolder).toString();
  const QString last = s.value("lastConfig").toString();
  if (!last.isEmpty() && QFileInfo::exists(last)) openConfig(last);
}

void MainWindow::saveSettings() {
  QSettings s;
  s.setValue("window/geometry", saveGeometry());
  s.setValue("window/state", saveState());
  s.setValue("window/splitter", m_splitter->saveState());
  s.setValue("export/width", m_exportOptions.width);
  s.setValue("export/height", m_exportOptions.height);
  s.setValue("export/dpi", m_exportOptions.dpi);
  s.setValue("export/format", gui::suffix(m_exportFormat));
  s.setValue("runsFolder", m_runsFolder);
  s.setValue("lastConfig", m_configPath);
}

void MainWindow::openSweep(const QString& directory) {
  m_sweep->openSweep(directory);
  m_tabs->setCurrentWidget(m_sweep);
}

QString MainWindow::runSweep(const QString& sweepFile, const QString& directory) {
  const QString out = directory.isEmpty() ? QDir(m_runsFolder).filePath(QFileInfo(sweepFile).completeBaseName()) : directory;
  const QString error = m_sweepRunner.start(sweepFile, out);
  if (error.isEmpty()) {
    m_sweep->openSweep(out);
    m_sweep->setStatus(tr("Sweep running…"));
    m_tabs->setCurrentWidget(m_sweep);
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
