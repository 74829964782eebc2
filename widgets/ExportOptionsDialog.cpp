// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/ExportOptionsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSpinBox>

namespace comet::gui {

ExportOptionsDialog::ExportOptionsDialog(const ExportOptions& o, FigureFormat format, QWidget* parent)
    : QDialog(parent) {
  setWindowTitle(tr("Export figures"));
  m_width = new QSpinBox(this);
  m_width->setRange(200, 10000);
  m_width->setValue(o.width);
  m_width->setSuffix(tr(" px"));
  m_height = new QSpinBox(this);
  m_height->setRange(150, 10000);
  m_height->setValue(o.height);
  m_height->setSuffix(tr(" px"));
  m_dpi = new QSpinBox(this);
  m_dpi->setRange(48, 1200);
  m_dpi->setValue(static_cast<int>(o.dpi));
  m_format = new QComboBox(this);
  m_format->addItems({"png", "pdf", "svg"});
  m_format->setCurrentText(suffix(format));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  auto* form = new QFormLayout(this);
  form->addRow(tr("Format"), m_format);
  form->addRow(tr("Width"), m_width);
  form->addRow(tr("Height"), m_height);
  form->addRow(tr("PNG resolution (DPI)"), m_dpi);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

ExportOptions ExportOptionsDialog::options() const {
  return {m_width->value(), m_height->value(), static_cast<double>(m_dpi->value())};
}

FigureFormat ExportOptionsDialog::format() const { return figureFormatFromString(m_format->currentText()); }

}  // namespace comet::gui
