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

std::vector<std::string> splitFields(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char ch : line) {
    if (ch == '"') { quoted = !quoted; continue; }
    if (ch == ',' && !quoted) { out.push_back(cur); cur.clear(); continue; }
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

CsvValues parseCsv(const std::string& bytes, const std::string& path, const std::string& target) {
  if (auto bad = firstInvalidUtf8(bytes))
    throw DataError(path + ": byte offset " + std::to_string(*bad) + ": the file is not valid UTF-8 text");
  std::istringstream in(bytes);
  std::string line;
  size_t lineNo = 0;
  CsvValues out;
  auto& header = out.header;
  while (header.empty() && std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) header = splitFields(line);
  }
  if (header.empty()) throw DataError(path + ": the CSV file is empty; expected a header row of column names");
  size_t targetCol = header.size() - 1;
  if (!target.empty()) {
    targetCol = header.size();
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == target) targetCol = i;
    if (targetCol == header.size()) {
      std::string cols;
      for (const auto& h : header) cols += " " + h;
      throw DataError(path + ":" + std::to_string(lineNo) + ": no column named '" + target +
                      "' (data.csv_target); columns:" + cols);
    }
  }
  if (header.size() < 2) throw DataError(path + ": a CSV table needs at least one feature column and a target column");
  out.targetColumn = targetCol;
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const auto fields = splitFields(line);
    if (fields.size() != header.size())
      throw DataError(path + ":" + std::to_string(lineNo) + ": row has " + std::to_string(fields.size()) +
                      " fields, the header has " + std::to_string(header.size()));
    for (size_t c = 0; c < fields.size(); ++c) {
      char* end = nullptr;
      const double v = std::strtod(fields[c].c_str(), &end);
      if (fields[c].empty() || *end != '\0' || !std::isfinite(v) || std::abs(v) > 3.4e38)
        throw DataError(path + ":" + std::to_string(lineNo) + ": column " + std::to_string(c + 1) + " ('" +
                        header[c] + "'): '" + fields[c] + "' is not a finite number");
      out.values.push_back(static_cast<float>(v));
    }
    ++out.rows;
  }
  if (out.rows == 0) throw DataError(path + ": the CSV file has a header but no data rows");
  return out;
}

}  // namespace comet
