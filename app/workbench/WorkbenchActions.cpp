// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/WorkbenchActions.h"

#include <QAction>
#include <QApplication>
#include <QMainWindow>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>

#include "app/workbench/AboutDialog.h"
#include "widgets/RecentFilesMenu.h"

namespace comet::workbench {

WorkbenchActions::WorkbenchActions(QMainWindow* window) : QObject(window) {
  createActions(window);
  createMenus(window);
}

void WorkbenchActions::createActions(QMainWindow* window) {
  const auto make = [window](const QString& text, QStyle::StandardPixmap icon, const QKeySequence& key) {
    auto* a = new QAction(window->style()->standardIcon(icon), text, window);
    a->setShortcut(key);
    return a;
  };
  open = make(tr("&Open config…"), QStyle::SP_DialogOpenButton, QKeySequence::Open);
  saveAs = make(tr("Save config &as…"), QStyle::SP_DialogSaveButton, QKeySequence::SaveAs);
  save = make(tr("&Save config"), QStyle::SP_DialogSaveButton, QKeySequence::Save);
  openRun = make(tr("Open &run directory…"), QStyle::SP_DirOpenIcon, QKeySequence(tr("Ctrl+Shift+O")));
  openSweep = make(tr("Open s&weep folder…"), QStyle::SP_DirOpenIcon, QKeySequence());
  runSweep = make(tr("Run s&weep file…"), QStyle::SP_MediaPlay, QKeySequence(tr("Ctrl+Shift+R")));
  stopSweep = make(tr("Stop s&weep"), QStyle::SP_MediaStop, QKeySequence());
  exportFigure = make(tr("&Export figure…"), QStyle::SP_DialogSaveButton, QKeySequence(tr("Ctrl+E")));
  exportAll = make(tr("Export &all figures…"), QStyle::SP_DialogSaveButton, QKeySequence(tr("Ctrl+Shift+E")));
  quit = make(tr("&Quit"), QStyle::SP_DialogCloseButton, QKeySequence::Quit);
  connect(quit, &QAction::triggered, window, &QWidget::close);
  start = make(tr("Start"), QStyle::SP_MediaPlay, QKeySequence(tr("Ctrl+R")));
  rerun = make(tr("Re-run"), QStyle::SP_BrowserReload, QKeySequence(tr("Ctrl+Shift+F5")));
  rerun->setToolTip(tr("Train the selected run's config again, as a new run"));
  pause = make(tr("Pause"), QStyle::SP_MediaPause, QKeySequence(tr("Ctrl+P")));
  stop = make(tr("Stop"), QStyle::SP_MediaStop, QKeySequence(tr("Ctrl+.")));
  // Scalable icons of our own where the standard ones are bitmaps (sharp on HiDPI).
  const auto svg = [](const char* name) { return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name))); };
  start->setIcon(svg("start"));
  pause->setIcon(svg("pause"));
  stop->setIcon(svg("stop"));
  exportFigure->setIcon(svg("export"));
  exportAll->setIcon(svg("export-all"));
  openRun->setIcon(svg("open-run"));
  about = make(tr("&About COMET Workbench"), QStyle::SP_MessageBoxInformation, QKeySequence::HelpContents);
  connect(about, &QAction::triggered, window, [window] { showAboutDialog(window); });
}

void WorkbenchActions::createMenus(QMainWindow* window) {
  auto* file = window->menuBar()->addMenu(tr("&File"));
  file->addActions({open, save, saveAs});
  recent = new gui::RecentFilesMenu(tr("Open &recent"), QStringLiteral("recentFiles"), window);
  file->addMenu(recent);
  file->addSeparator();
  file->addAction(openRun);
  file->addAction(openSweep);
  file->addSeparator();
  file->addActions({exportFigure, exportAll});
  file->addSeparator();
  file->addAction(quit);
  auto* runMenu = window->menuBar()->addMenu(tr("&Run"));
  runMenu->addActions({start, rerun, pause, stop});
  runMenu->addSeparator();
  runMenu->addActions({runSweep, stopSweep});
  auto* help = window->menuBar()->addMenu(tr("&Help"));
  help->addAction(about);
  help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
  auto* tools = window->addToolBar(tr("Main"));
  tools->setObjectName("mainToolBar");
  tools->addActions({open, save, openRun});
  tools->addSeparator();
  tools->addActions({start, rerun, pause, stop});
  tools->addSeparator();
  tools->addActions({exportFigure, exportAll});
}

void WorkbenchActions::update(const State& state) {
  start->setEnabled(!state.running && state.formValid);
  rerun->setEnabled(!state.running && state.runSelected);
  pause->setEnabled(state.running);
  runSweep->setEnabled(!state.sweepRunning);
  stopSweep->setEnabled(state.sweepRunning);
  pause->setText(state.paused ? tr("Resume") : tr("Pause"));
  pause->setIcon(QIcon(state.paused ? QStringLiteral(":/icons/start.svg") : QStringLiteral(":/icons/pause.svg")));
  stop->setEnabled(state.running);
}

}  // namespace comet::workbench
