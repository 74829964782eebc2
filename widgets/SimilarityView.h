// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/probe/ProbeReport.h"
#include "widgets/FigureView.h"

class QComboBox;
class QCPTextElement;

namespace comet::gui {

// Mask overlap against input similarity: a scatter of sampled example pairs
// (input cosine, mask Jaccard), the binned means, and Pearson r in the title.
class SimilarityView : public FigureView {
  Q_OBJECT
 public:
  explicit SimilarityView(QWidget* parent = nullptr);
  void setReport(const ProbeReport& report, const QString& runLabel = {});
  void setLayer(int index);
  QCustomPlot* plot() const override { return m_plot; }
  QString figureName() const override;
  CsvTable figureData() const override;

 private:
  void rebuild();

  ProbeReport m_report;
  QString m_runLabel;
  QComboBox* m_layer = nullptr;
  QCustomPlot* m_plot = nullptr;
  QCPTextElement* m_title = nullptr;
};

}  // namespace comet::gui
