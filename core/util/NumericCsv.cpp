// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/NumericCsv.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/NamedValues.h"
#include "core/util/Utf8.h"

namespace comet {

int NumericCsv::column(const std::string& name) const {
  const auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

double NumericCsv::value(const std::vector<double>& row, const std::string& name) const {
  const int c = column(name);
  return c >= 0 ? row[static_cast<size_t>(c)] : kNaN;
}

NumericCsv parseNumericCsv(const std::string& text, const std::string& origin) {
  if (auto bad = firstInvalidUtf8(text))
    throw RunError(origin + ": byte offset " + std::to_string(*bad) + ": the file is not valid UTF-8 text");
  const auto split = [](const std::string& line) {
    std::vector<std::string> cells;
    size_t start = 0;
    while (true) {
      const size_t comma = line.find(',', start);
      cells.push_back(line.substr(start, comma - start));
      if (comma == std::string::npos) return cells;
      start = comma + 1;
    }
  };
  NumericCsv t;
  std::istringstream in(text);
  std::string line;
  size_t lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (lineNo == 1) {
      t.header = split(line);
      continue;
    }
    if (line.empty()) continue;
    const auto cells = split(line);
    if (cells.size() != t.header.size())
      throw RunError(origin + ":" + std::to_string(lineNo) + ": row has " + std::to_string(cells.size()) +
                     " fields, the header has " + std::to_string(t.header.size()));
    std::vector<double> row;
    row.reserve(cells.size());
    for (size_t c = 0; c < cells.size(); ++c) {
      const std::string& cell = cells[c];
      if (cell.empty() || cell == "null" || cell == "nan") {
        row.push_back(kNaN);
        continue;
      }
      char* end = nullptr;
      const double v = std::strtod(cell.c_str(), &end);
      if (!end || *end != '\0')
        throw RunError(origin + ":" + std::to_string(lineNo) + ": column " + std::to_string(c + 1) + " ('" +
                       t.header[c] + "'): '" + cell + "' is not a number");
      row.push_back(v);
    }
    t.rows.push_back(std::move(row));
  }
  if (lineNo == 0) throw RunError(origin + ": the file is empty; expected a header row");
  return t;
}

std::optional<NumericCsv> readNumericCsvIfPresent(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  return parseNumericCsv(readWholeFile(path), path);
}

std::string numericCsvText(const NumericCsv& table) {
  std::string out;
  for (size_t i = 0; i < table.header.size(); ++i) out += (i ? "," : "") + table.header[i];
  out += '\n';
  for (const auto& row : table.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      if (!std::isfinite(row[i])) continue;
      // -0 as "0": what these files held when Qt wrote them (QString::number(v, 'g', 8)).
      const double v = row[i] == 0 ? 0.0 : row[i];
      char buf[32];
      const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::general, 8);
      out.append(buf, ec == std::errc() ? end : buf);
    }
    out += '\n';
  }
  return out;
}

void writeNumericCsv(const NumericCsv& table, const std::string& path) { writeFileAtomically(path, numericCsvText(table)); }

int64_t countCell(double value) { return std::isfinite(value) ? static_cast<int64_t>(value) : int64_t{0}; }

std::string csvHeaderCell(std::string name) {
  for (auto& ch : name)
    if (ch == ',' || ch == '\n' || ch == '\r') ch = ' ';
  return name;
}

}  // namespace comet
