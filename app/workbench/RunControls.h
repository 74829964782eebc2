// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QProgressBar;

namespace comet::workbench {

// Start / Re-run / Pause-Resume / Stop buttons (the window's actions) and a
// progress bar that says epoch, step and the estimated time left.
class RunControls : public QWidget {
  Q_OBJECT
 public:
  explicit RunControls(const QList<QAction*>& actions, QWidget* parent = nullptr);
  void showProgress(int runId, qint64 step, qint64 totalSteps, qint64 epoch, qint64 epochs, double etaSeconds);
  void showIdle(const QString& text);
  QProgressBar* progressBar() const { return m_progress; }

 private:
  QProgressBar* m_progress = nullptr;
  QLabel* m_detail = nullptr;
};

}  // namespace comet::workbench
