// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

#include "widgets/FigureExporter.h"

class QComboBox;
class QSpinBox;

namespace comet::gui {

// Asks for the figure size, the PNG resolution and the format.
class ExportOptionsDialog : public QDialog {
  Q_OBJECT
 public:
  ExportOptionsDialog(const ExportOptions& options, FigureFormat format, QWidget* parent = nullptr);
  ExportOptions options() const;
  FigureFormat format() const;

 private:
  QSpinBox* m_width = nullptr;
  QSpinBox* m_height = nullptr;
  QSpinBox* m_dpi = nullptr;
  QComboBox* m_format = nullptr;
};

}  // namespace comet::gui
