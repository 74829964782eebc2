// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/CsvReader.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "core/data/ByteSource.h"
#include "core/util/Error.h"
#include "core/util/Utf8.h"

namespace comet {
namespace {

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

CsvTable readCsvTable(const std::string& path, const std::string& target) {
  const std::string bytes = readFileBytes(path);
  if (auto bad = firstInvalidUtf8(bytes))
    throw DataError(path + ": byte offset " + std::to_string(*bad) + ": the file is not valid UTF-8 text");
  std::istringstream in(bytes);
  std::string line;
  size_t lineNo = 0;
  std::vector<std::string> header;
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
  std::vector<float> values;
  size_t rows = 0;
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
      if (fields[c].empty() || *end != '\0' || !std::isfinite(v))
        throw DataError(path + ":" + std::to_string(lineNo) + ": column " + std::to_string(c + 1) + " ('" +
                        header[c] + "'): '" + fields[c] + "' is not a finite number");
      values.push_back(static_cast<float>(v));
    }
    ++rows;
  }
  if (rows == 0) throw DataError(path + ": the CSV file has a header but no data rows");
  const auto cols = static_cast<int64_t>(header.size());
  auto all = torch::from_blob(values.data(), {static_cast<int64_t>(rows), cols}, torch::kFloat32).clone();
  CsvTable t;
  std::vector<int64_t> featureIdx;
  for (size_t i = 0; i < header.size(); ++i) {
    if (i == targetCol) continue;
    featureIdx.push_back(static_cast<int64_t>(i));
    t.featureNames.push_back(header[i]);
  }
  t.targetName = header[targetCol];
  t.features = all.index_select(1, torch::tensor(featureIdx, torch::kLong)).contiguous();
  t.target = all.select(1, static_cast<int64_t>(targetCol)).unsqueeze(1).contiguous();
  return t;
}

}  // namespace comet
