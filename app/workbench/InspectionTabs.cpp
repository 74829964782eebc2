// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/InspectionTabs.h"

#include "app/workbench/SweepRunner.h"
#include "widgets/CurvePlot.h"
#include "widgets/GatesView.h"
#include "widgets/OverlapView.h"
#include "widgets/RunData.h"
#include "widgets/SamplesView.h"
#include "widgets/SimilarityView.h"
#include "widgets/SweepView.h"
#include "widgets/UsageView.h"

namespace comet::workbench {

// The tab order is what `comet-workbench --tab N` counts (main.cpp names it).
InspectionTabs::InspectionTabs(QWidget* parent) : QTabWidget(parent) {
  m_curves = new gui::CurvePlot(this);
  m_usage = new gui::UsageView(this);
  m_overlap = new gui::OverlapView(this);
  m_similarity = new gui::SimilarityView(this);
  m_gates = new gui::GatesView(this);
  m_samples = new gui::SamplesView(this);
  addTab(m_curves, tr("Learning curves"));
  addTab(m_usage, tr("Neuron usage"));
  addTab(m_overlap, tr("Mask overlap"));
  addTab(m_similarity, tr("Overlap vs similarity"));
  addTab(m_gates, tr("Gates"));
  addTab(m_samples, tr("Samples"));
  m_sweep = new gui::SweepView(this);
  addTab(m_sweep, tr("Sweep"));
}

void InspectionTabs::showRun(const gui::RunData& run, int views) {
  const QString label = gui::runLabel(run);
  if (views & ProbeViews) {
    m_usage->setReport(run.probe, label);
    m_overlap->setReport(run.probe, label);
    m_similarity->setReport(run.probe, label);
  }
  if (views & Gates) m_gates->setRun(run.probe, run.epochs, label);
  if (views & Samples) m_samples->setRun(run.samples, run.config.sample, isLanguageModel(run.config.data), label);
}

void InspectionTabs::openSweep(const QString& directory) {
  m_sweep->openSweep(directory);
  setCurrentWidget(m_sweep);
}

void InspectionTabs::follow(const SweepRunner& runner) {
  connect(&runner, &SweepRunner::outputLine, m_sweep, &gui::SweepView::setStatus);
  connect(&runner, &SweepRunner::finished, m_sweep, [this](int, const QString& summary) {
    m_sweep->refresh();
    m_sweep->setStatus(summary);
  });
}

gui::FigureView* InspectionTabs::currentFigure() const { return qobject_cast<gui::FigureView*>(currentWidget()); }

}  // namespace comet::workbench
