// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/Formats.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "core/data/ByteSource.h"
#include "core/util/Error.h"
#include "core/util/Utf8.h"

namespace comet {
namespace {

std::string hex(unsigned v) {
  std::ostringstream os;
  os << "0x" << std::hex << std::uppercase;
  os.width(8);
  os.fill('0');
  os << v;
  return os.str();
}

}  // namespace

std::vector<int64_t> parseIdx(const std::string& bytes, const std::string& path, unsigned magic, size_t dims,
                              const char* what) {
  const size_t header = 4 + 4 * dims;
  if (bytes.size() >= 4) {
    const unsigned found = readBigEndian32(bytes, 0);
    if (found != magic)
      throw DataError(path + ": byte offset 0: wrong magic number " + hex(found) + " for an IDX " + what +
                      " file (expected " + hex(magic) + ")");
  }
  if (bytes.size() < header)
    throw DataError(path + ": truncated IDX " + what + " file: the header needs " + std::to_string(header) +
                    " bytes, the file has " + std::to_string(bytes.size()));
  std::vector<int64_t> shape;
  // Sizes are at most 2^32 - 1 each; the product of three may exceed 64 bits, so
  // stop as soon as it exceeds what the file could hold.
  uint64_t payload = 1;
  const uint64_t have = bytes.size() - header;
  bool tooBig = false;
  for (size_t d = 0; d < dims; ++d) {
    shape.push_back(readBigEndian32(bytes, 4 + 4 * d));
    const auto dim = static_cast<uint64_t>(shape.back());
    if (dim != 0 && payload > (uint64_t{1} << 62) / dim) tooBig = true;
    else payload *= dim;
  }
  if (tooBig || have < payload)
    throw DataError(path + ": truncated IDX " + what + " file: the header declares " +
                    (tooBig ? std::string("more than 2^62") : std::to_string(payload)) +
                    " data bytes, the file ends at byte offset " + std::to_string(bytes.size()) + " after " +
                    std::to_string(have));
  if (have > payload)
    throw DataError(path + ": IDX " + what + " file has " + std::to_string(have - payload) +
                    " unexpected bytes after the data, from byte offset " + std::to_string(header + payload));
  return shape;
}

std::vector<int64_t> parseCifarLabels(const std::string& bytes, const std::string& path, int labelBytes,
                                      int numClasses) {
  constexpr size_t kPixels = 3 * 32 * 32;
  const size_t record = static_cast<size_t>(labelBytes) + kPixels;
  if (bytes.empty()) throw DataError(path + ": the CIFAR batch file is empty");
  if (bytes.size() % record != 0)
    throw DataError(path + ": truncated or corrupt CIFAR file: " + std::to_string(bytes.size()) +
                    " bytes is not a whole number of " + std::to_string(record) +
                    "-byte records; the last record starts at byte offset " +
                    std::to_string(bytes.size() / record * record));
  const size_t n = bytes.size() / record;
  std::vector<int64_t> labels(n);
  for (size_t i = 0; i < n; ++i) {
    const size_t labelAt = i * record + static_cast<size_t>(labelBytes) - 1;
    const int label = static_cast<unsigned char>(bytes[labelAt]);
    if (label >= numClasses)
      throw DataError(path + ": byte offset " + std::to_string(labelAt) + " (record " + std::to_string(i) +
                      "): label " + std::to_string(label) + " is out of range; expected 0-" +
                      std::to_string(numClasses - 1) + " (is this the right CIFAR variant?)");
    labels[i] = label;
  }
  return labels;
}

std::string detectDelimiter(const std::string& header) {
  size_t commas = 0, tabs = 0, semicolons = 0;
  bool quoted = false;
  for (size_t i = 0; i < header.size(); ++i) {
    const char ch = header[i];
    if (ch == '"') quoted = !quoted;
    if (quoted) continue;
    if (ch == ':' && i + 1 < header.size() && header[i + 1] == ':') return "::";
    commas += ch == ',';
    tabs += ch == '\t';
    semicolons += ch == ';';
  }
  if (tabs > commas && tabs >= semicolons) return "\t";
  if (semicolons > commas && semicolons > tabs) return ";";
  return ",";
}

CsvRows::CsvRows(const std::string& bytes, std::string origin) : m_bytes(bytes), m_origin(std::move(origin)) {
  if (auto bad = firstInvalidUtf8(bytes))
    throw DataError(m_origin + ": byte offset " + std::to_string(*bad) + ": the file is not valid UTF-8 text");
  std::string line;
  while (m_header.empty() && nextLine(line)) {
    if (line.empty()) continue;
    m_delimiter = detectDelimiter(line);
    m_header = split(line);
  }
  if (m_header.empty()) throw DataError(m_origin + ": the CSV file is empty; expected a header row of column names");
  m_headerLine = m_line;
}

bool CsvRows::nextLine(std::string& line) {
  if (m_pos >= m_bytes.size()) return false;
  auto end = m_bytes.find('\n', m_pos);
  if (end == std::string::npos) end = m_bytes.size();
  line.assign(m_bytes, m_pos, end - m_pos);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  m_pos = end + 1;
  ++m_line;
  return true;
}

std::vector<std::string> CsvRows::split(const std::string& line) const {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (ch == '"') { quoted = !quoted; continue; }
    if (!quoted && line.compare(i, m_delimiter.size(), m_delimiter) == 0) {
      out.push_back(cur);
      cur.clear();
      i += m_delimiter.size() - 1;
      continue;
    }
    cur.push_back(ch);
  }
  out.push_back(cur);
  for (auto& f : out) {
    const auto b = f.find_first_not_of(" \t");
    const auto e = f.find_last_not_of(" \t");
    f = b == std::string::npos ? std::string() : f.substr(b, e - b + 1);
  }
  return out;
}

bool CsvRows::next(std::vector<std::string>& fields) {
  std::string line;
  while (nextLine(line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    fields = split(line);
    if (fields.size() != m_header.size())
      throw DataError(where() + ": row has " + std::to_string(fields.size()) + " fields, the header has " +
                      std::to_string(m_header.size()));
    return true;
  }
  return false;
}

double CsvRows::number(size_t column, const std::string& field) const {
  char* end = nullptr;
  const double v = std::strtod(field.c_str(), &end);
  if (field.empty() || *end != '\0' || !std::isfinite(v) || std::abs(v) > 3.4e38)
    throw DataError(where() + ": column " + std::to_string(column + 1) + " ('" + m_header[column] + "'): '" + field +
                    "' is not a finite number");
  return v;
}

CsvValues parseCsv(const std::string& bytes, const std::string& path, const std::string& target) {
  CsvRows rows(bytes, path);
  CsvValues out;
  out.header = rows.header();
  const auto& header = out.header;
  size_t targetCol = header.size() - 1;
  if (!target.empty()) {
    targetCol = header.size();
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == target) targetCol = i;
    if (targetCol == header.size()) {
      std::string cols;
      for (const auto& h : header) cols += " " + h;
      throw DataError(path + ":" + std::to_string(rows.headerLine()) + ": no column named '" + target +
                      "' (data.csv_target); columns:" + cols);
    }
  }
  if (header.size() < 2) throw DataError(path + ": a CSV table needs at least one feature column and a target column");
  out.targetColumn = targetCol;
  std::vector<std::string> fields;
  while (rows.next(fields)) {
    for (size_t c = 0; c < fields.size(); ++c) out.values.push_back(static_cast<float>(rows.number(c, fields[c])));
    ++out.rows;
  }
  if (out.rows == 0) throw DataError(path + ": the CSV file has a header but no data rows");
  return out;
}

}  // namespace comet
