// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTableWidget>
#include <vector>

#include "widgets/RunData.h"

namespace comet::gui {

// Every run of the session and every run directory opened from disk, with their
// summary columns. The checkbox in the first column chooses which runs the plots
// overlay; the current row is the run whose probes the inspection views show.
class RunsTable : public QTableWidget {
  Q_OBJECT
 public:
  explicit RunsTable(QWidget* parent = nullptr);
  // Adds or updates the row of run.id.
  void showRun(const RunData& run, bool checked = true);
  std::vector<int> checkedRunIds() const;
  int currentRunId() const;
  void selectRun(int id);

 Q_SIGNALS:
  void checkedRunsChanged();
  void currentRunChanged(int id);

 private:
  int rowOf(int id) const;
  bool m_updating = false;
};

}  // namespace comet::gui
