// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/SamplesView.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QTextEdit>
#include <QVBoxLayout>

namespace comet::gui {

SamplesView::SamplesView(QWidget* parent) : QWidget(parent) {
  m_header = new QLabel(this);
  m_header->setWordWrap(true);
  m_epochs = new QListWidget(this);
  m_epochs->setFixedWidth(fontMetrics().horizontalAdvance(QStringLiteral("epoch 00000")) + 40);
  m_text = new QTextEdit(this);
  m_text->setReadOnly(true);
  m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  m_text->setLineWrapMode(QTextEdit::WidgetWidth);
  auto* row = new QHBoxLayout;
  row->addWidget(m_epochs);
  row->addWidget(m_text, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_header);
  layout->addLayout(row, 1);
  connect(m_epochs, &QListWidget::currentRowChanged, this, &SamplesView::showRow);
  setRun({}, SampleConfig{}, false, QString());
}

QString SamplesView::visibleText(const std::string& bytes) {
  QString text = QString::fromUtf8(bytes.data(), static_cast<qsizetype>(bytes.size()));
  for (auto& ch : text)
    if (ch.unicode() < 0x20 && ch != QLatin1Char('\n') && ch != QLatin1Char('\t')) ch = QChar(0x2400 + ch.unicode());
  return text;
}

void SamplesView::setRun(const std::vector<TextSample>& samples, const SampleConfig& config, bool languageModel,
                         const QString& runLabel) {
  // The same run again (a new epoch arrived): keep an older epoch the user picked.
  const int previous = m_epochs->currentRow();
  const bool keepPick = runLabel == m_runLabel && previous >= 0 && previous + 1 < m_epochs->count();
  m_samples = samples;
  m_runLabel = runLabel;
  if (!languageModel)
    m_header->setText(tr("No text samples: %1 is not a language model (backbone gpt writes one after every epoch).")
                          .arg(runLabel.isEmpty() ? tr("this run") : runLabel));
  else if (!config.enabled)
    m_header->setText(tr("%1: sample.enabled is off, so no text was generated.").arg(runLabel));
  else
    m_header->setText(tr("%1: %2 characters after the prompt (shown in grey) at temperature %3, after each epoch.")
                          .arg(runLabel)
                          .arg(config.length)
                          .arg(config.temperature));
  const QSignalBlocker block(m_epochs);
  m_epochs->clear();
  for (const auto& s : m_samples) m_epochs->addItem(tr("epoch %1").arg(s.epoch));
  const int row = keepPick ? std::min(previous, epochCount() - 1) : epochCount() - 1;
  m_epochs->setCurrentRow(row);
  showRow(row);
}

int SamplesView::epochCount() const { return static_cast<int>(m_samples.size()); }

void SamplesView::selectRow(int row) { m_epochs->setCurrentRow(row); }

int SamplesView::selectedRow() const { return m_epochs->currentRow(); }

QString SamplesView::shownText() const { return m_text->toPlainText(); }

void SamplesView::showRow(int row) {
  if (row < 0 || row >= epochCount()) {
    m_text->clear();
    return;
  }
  const auto& s = m_samples[static_cast<size_t>(row)];
  m_text->setHtml(QStringLiteral("<pre style=\"white-space: pre-wrap\"><span style=\"color: grey; font-weight: bold\">%1</span>%2</pre>")
                      .arg(visibleText(s.prompt).toHtmlEscaped(), visibleText(s.text).toHtmlEscaped()));
}

}  // namespace comet::gui
