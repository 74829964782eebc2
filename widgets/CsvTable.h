// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <vector>

namespace comet::gui {

// A small numeric CSV table: a header and rows of numbers ("null", "nan" and
// empty cells read as NaN). What the run directory's CSV files hold and what the
// figure exports write next to each figure.
struct CsvTable {
  QStringList header;
  std::vector<std::vector<double>> rows;

  int column(const QString& name) const { return header.indexOf(name); }
  // Throws std::runtime_error naming the file when it cannot be read.
  static CsvTable read(const QString& path);
  // Returns false (and leaves no partial file) when it cannot be written.
  bool write(const QString& path) const;
};

}  // namespace comet::gui
