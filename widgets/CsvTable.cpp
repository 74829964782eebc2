// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/CsvTable.h"

#include <QFile>
#include <QSaveFile>
#include <QTextStream>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace comet::gui {

CsvTable CsvTable::read(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
    throw std::runtime_error(path.toStdString() + ": cannot open: " + file.errorString().toStdString());
  CsvTable table;
  QTextStream in(&file);
  bool first = true;
  while (!in.atEnd()) {
    const QString line = in.readLine();
    if (line.trimmed().isEmpty()) continue;
    const QStringList cells = line.split(',');
    if (first) {
      table.header = cells;
      first = false;
      continue;
    }
    std::vector<double> row;
    row.reserve(static_cast<size_t>(cells.size()));
    for (const auto& c : cells) {
      bool ok = false;
      const double v = c.toDouble(&ok);
      row.push_back(ok ? v : std::numeric_limits<double>::quiet_NaN());
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

bool CsvTable::write(const QString& path) const {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) return false;
  QTextStream out(&file);
  out << header.join(',') << '\n';
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out << ',';
      if (std::isfinite(row[i]))
        out << QString::number(row[i], 'g', 8);
    }
    out << '\n';
  }
  out.flush();
  return file.commit();
}

}  // namespace comet::gui
