// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "widgets/ProbeView.h"

class QComboBox;
class QCPTextElement;

namespace comet::gui {

// Mask overlap against input similarity: a scatter of sampled example pairs
// (input cosine, mask Jaccard), the binned means, and Pearson r in the title.
class SimilarityView : public ProbeView {
  Q_OBJECT
 public:
  explicit SimilarityView(QWidget* parent = nullptr);
  QCustomPlot* plot() const override { return m_plot; }
  QString figureName() const override;
  NumericCsv figureData() const override;

 private:
  void rebuild() override;

  QCustomPlot* m_plot = nullptr;
  QCPTextElement* m_title = nullptr;
};

}  // namespace comet::gui
