// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QAction;
class QMainWindow;

namespace comet::gui {
class RecentFilesMenu;
}

namespace comet::workbench {

// The window's actions with their text, icons and shortcuts, put into its menus
// and toolbar. What most of them do is the window's business: it connects their
// triggered signals (Quit, About and About Qt are wired here). Like a Designer
// form's Ui class, the actions are plain members.
class WorkbenchActions : public QObject {
  Q_OBJECT
 public:
  // Creates the actions (children of `window`), its menu bar and its toolbar.
  explicit WorkbenchActions(QMainWindow* window);

  // What the actions depend on: one place enables them, and names Pause or Resume.
  struct State {
    bool running = false;       // the training session
    bool paused = false;
    bool formValid = false;
    bool runSelected = false;   // a run to re-run
    bool sweepRunning = false;
  };
  void update(const State& state);

  QAction* open = nullptr;
  QAction* save = nullptr;
  QAction* saveAs = nullptr;
  gui::RecentFilesMenu* recent = nullptr;
  QAction* openRun = nullptr;
  QAction* openSweep = nullptr;
  QAction* runSweep = nullptr;
  QAction* stopSweep = nullptr;
  QAction* exportFigure = nullptr;
  QAction* exportAll = nullptr;
  QAction* quit = nullptr;
  QAction* start = nullptr;
  QAction* rerun = nullptr;
  QAction* pause = nullptr;
  QAction* stop = nullptr;
  QAction* about = nullptr;

 private:
  void createActions(QMainWindow* window);
  void createMenus(QMainWindow* window);
};

}  // namespace comet::workbench
