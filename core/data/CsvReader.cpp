// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/CsvReader.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "core/data/ByteSource.h"
#include "core/data/Formats.h"
#include "core/util/Error.h"

namespace comet {

CsvDataset readCsvDataset(const std::string& path, const std::string& target) {
  auto parsed = parseCsv(readFileBytes(path), path, target);
  const auto& header = parsed.header;
  const size_t targetCol = parsed.targetColumn;
  const auto cols = static_cast<int64_t>(header.size());
  auto all = torch::from_blob(parsed.values.data(), {static_cast<int64_t>(parsed.rows), cols}, torch::kFloat32).clone();
  CsvDataset t;
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
