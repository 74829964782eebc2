// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace comet {

// The byte-level parsers behind the IDX, CIFAR and CSV readers, on bytes already in
// memory and without torch, so that fuzzers and tests can drive them directly.
// `origin` names the bytes in messages (a path). All throw DataError with the byte
// offset or line and what was expected.

// Checks an IDX header (magic, `dims` sizes) and that the payload is exactly the
// declared size; returns the sizes. The payload starts at 4 + 4 * dims.
std::vector<int64_t> parseIdx(const std::string& bytes, const std::string& origin, unsigned magic, size_t dims,
                              const char* what);

// Checks that `bytes` is a whole number of CIFAR records with labels in range and
// returns the labels (the pixels of record i start at i * record + labelBytes).
std::vector<int64_t> parseCifarLabels(const std::string& bytes, const std::string& origin, int labelBytes,
                                      int numClasses);

// The field delimiter of a delimited text table, found from its header line:
// MovieLens's "::" when the header holds it, otherwise whichever of ",", tab and ";"
// the header holds most often outside quotes (ties and none: ",", then tab).
std::string detectDelimiter(const std::string& headerLine);

// The rows of a delimited text table (a header row of names, then data rows), one at
// a time. The delimiter comes from the header (detectDelimiter); a field may be
// quoted with '"'; fields are trimmed of spaces and tabs; blank lines are skipped.
// Not UTF-8, no header, and a row with the wrong number of fields are DataErrors
// naming the line. `bytes` must outlive the reader.
class CsvRows {
 public:
  CsvRows(const std::string& bytes, std::string origin);
  const std::vector<std::string>& header() const { return m_header; }
  const std::string& delimiter() const { return m_delimiter; }
  size_t headerLine() const { return m_headerLine; }
  // The next data row; false at the end of the file.
  bool next(std::vector<std::string>& fields);
  // The line (1-based) of the row last read, and "origin:line" for messages.
  size_t line() const { return m_line; }
  std::string where() const { return m_origin + ":" + std::to_string(m_line); }
  // `field` of column `column` of the row last read as a finite float32 number, or a
  // DataError naming the line and column.
  double number(size_t column, const std::string& field) const;

 private:
  bool nextLine(std::string& line);
  std::vector<std::string> split(const std::string& line) const;

  const std::string& m_bytes;
  std::string m_origin;
  size_t m_pos = 0;
  size_t m_line = 0;
  size_t m_headerLine = 0;
  std::string m_delimiter = ",";
  std::vector<std::string> m_header;
};

// A table of numbers with one target column (`target`, or the last column).
struct CsvValues {
  std::vector<std::string> header;
  size_t targetColumn = 0;
  size_t rows = 0;
  std::vector<float> values;  // rows x header.size(), row-major
};
CsvValues parseCsv(const std::string& bytes, const std::string& origin, const std::string& target);

}  // namespace comet
