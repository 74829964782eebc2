// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/FigureCsv.h"

#include <exception>

namespace comet::gui {

void addColumns(NumericCsv& table, const QStringList& names) {
  for (const QString& name : names) table.header.push_back(name.toStdString());
}

bool writeCsv(const NumericCsv& table, const QString& path) {
  try {
    writeNumericCsv(table, path.toStdString());
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace comet::gui
