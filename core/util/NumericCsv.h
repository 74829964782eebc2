// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace comet {

// A CSV table of numbers under a header of names: the run directory's probe CSVs
// (core/run/ProbeCsv) and the data written beside every exported figure
// (widgets/FigureExporter). "null", "nan" and empty cells read as NaN. Torch- and
// Qt-free. The datasets a run trains on are read elsewhere (core/data/Formats.h).
struct NumericCsv {
  std::vector<std::string> header;
  std::vector<std::vector<double>> rows;
  int column(const std::string& name) const;  // -1 when absent
  // The row's cell in column `name`, NaN when the table has no such column.
  double value(const std::vector<double>& row, const std::string& name) const;
};

// Throws RunError (file:line) for text that is not UTF-8, a row of another width
// or a cell that is not a number.
NumericCsv parseNumericCsv(const std::string& text, const std::string& origin);
// The table in the file `path`, or nothing when there is no such file.
std::optional<NumericCsv> readNumericCsvIfPresent(const std::string& path);

// The table as the figure exports write it: the header cells joined by commas as
// they are, then one line per row, each number with 8 significant digits
// (printf's %.8g in the C locale, whatever the program's; -0 as 0), a non-finite
// one empty: byte for byte what Qt's QString::number(v, 'g', 8) wrote before.
std::string numericCsvText(const NumericCsv& table);
// Writes numericCsvText atomically (core/util/AtomicFile); RunError when it cannot.
void writeNumericCsv(const NumericCsv& table, const std::string& path);

// A count read from a cell: 0 for NaN or infinity.
int64_t countCell(double value);
// A name made safe for a CSV header cell (no commas or line breaks).
std::string csvHeaderCell(std::string name);

}  // namespace comet
