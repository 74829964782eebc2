// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QWidget>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/train/Metrics.h"

class QLabel;
class QListWidget;
class QTextEdit;

namespace comet::gui {

// A language model's text samples, one per epoch (samples/ in the run directory):
// the epochs on the left, the chosen epoch's text on the right with its prompt
// set apart. While a run trains, the newest epoch is shown as it arrives unless
// an older one was picked. Other runs show why there is nothing.
class SamplesView : public QWidget {
  Q_OBJECT
 public:
  explicit SamplesView(QWidget* parent = nullptr);

  void setRun(const std::vector<TextSample>& samples, const SampleConfig& config, bool languageModel,
              const QString& runLabel);
  int epochCount() const;
  // Shows the sample at `row` of the list (0: the first epoch).
  void selectRow(int row);
  int selectedRow() const;
  // The text shown: the prompt and the sample, as plain text.
  QString shownText() const;

  // Control characters (a bell, a backspace) as their Unicode pictures, so that
  // every byte of a sample is visible; newlines and tabs stay.
  static QString visibleText(const std::string& bytes);

 private:
  void showRow(int row);

  QLabel* m_header;
  QListWidget* m_epochs;
  QTextEdit* m_text;
  std::vector<TextSample> m_samples;
  QString m_runLabel;  // the run shown
};

}  // namespace comet::gui
