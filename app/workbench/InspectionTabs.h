// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTabWidget>

namespace comet::gui {
struct RunData;
class CurvePlot;
class FigureView;
class GatesView;
class OverlapView;
class SamplesView;
class SimilarityView;
class SweepView;
class UsageView;
}  // namespace comet::gui

namespace comet::workbench {

class SweepRunner;

// The tabs right of the setup form: the learning curves (of the checked runs),
// the views that inspect the selected run, and the Sweep tab. The window passes
// the selected run here once, through showRun; the tabs pass it to every view.
class InspectionTabs : public QTabWidget {
  Q_OBJECT
 public:
  // The views a change of the run concerns: a new probe all of them, a new epoch
  // the gates (their non-zeros curve), a text sample the samples only.
  enum View { ProbeViews = 1, Gates = 2, Samples = 4, AllViews = ProbeViews | Gates | Samples };

  explicit InspectionTabs(QWidget* parent = nullptr);

  void showRun(const gui::RunData& run, int views = AllViews);
  // Shows a sweep folder in the Sweep tab and brings that tab to the front.
  void openSweep(const QString& directory);
  // The Sweep tab follows the sweeps `runner` runs: its output, then its outcome.
  void follow(const SweepRunner& runner);
  // The figure of the front tab (what Export figure writes), null for none.
  gui::FigureView* currentFigure() const;

  gui::CurvePlot* curves() const { return m_curves; }
  gui::UsageView* usage() const { return m_usage; }
  gui::SweepView* sweep() const { return m_sweep; }

 private:
  gui::CurvePlot* m_curves = nullptr;
  gui::UsageView* m_usage = nullptr;
  gui::OverlapView* m_overlap = nullptr;
  gui::SimilarityView* m_similarity = nullptr;
  gui::GatesView* m_gates = nullptr;
  gui::SamplesView* m_samples = nullptr;
  gui::SweepView* m_sweep = nullptr;
};

}  // namespace comet::workbench
