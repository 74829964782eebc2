// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/MultiTaskCsv.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/data/ByteSource.h"
#include "core/data/Formats.h"
#include "core/data/Splits.h"
#include "core/util/EditDistance.h"
#include "core/util/Error.h"

namespace comet {
namespace {

enum class Role { Feature, Categorical, Target, Ignored };

struct Column {
  Role role = Role::Feature;
  size_t slot = 0;  // its index among the columns of its role
};

// The table as read: numbers where the role wants numbers, categories as codes
// into their distinct texts (so a large table holds no strings per row).
struct Table {
  std::vector<std::string> header;
  std::vector<Column> columns;
  std::vector<Task> kinds;                   // per target
  std::vector<size_t> line;                  // per row: its line in the file
  size_t rows = 0;
  size_t numericColumns = 0;
  std::vector<float> numeric;                // rows x numericColumns
  std::vector<std::vector<double>> targets;  // per target, per row
  std::vector<std::vector<int32_t>> codes;   // per categorical column, per row
  std::vector<std::vector<std::string>> categories;  // per categorical column: the distinct texts
};

std::string columnName(const Table& t, size_t col) {
  return "column " + std::to_string(col + 1) + " ('" + t.header[col] + "')";
}

size_t findColumn(const CsvRows& rows, const std::string& path, const std::string& name, const char* key) {
  const auto& header = rows.header();
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  const std::string near = closestMatch(name, header);
  std::string cols;
  for (const auto& h : header) cols += " " + h;
  throw DataError(path + ":" + std::to_string(rows.headerLine()) + ": no column named '" + name + "' (" + key + ")" +
                  (near.empty() ? std::string() : "; did you mean '" + near + "'?") + "; columns:" + cols);
}

// The whole number a classification cell holds, as text ("3", "-1").
std::string wholeText(double v) { return std::to_string(static_cast<long long>(v)); }

Table readTable(const DataConfig& c) {
  const std::string bytes = readFileBytes(c.root);
  CsvRows rows(bytes, c.root);
  Table t;
  t.header = rows.header();
  t.columns.resize(t.header.size());
  for (size_t k = 0; k < c.csvTargets.size(); ++k) {
    t.columns[findColumn(rows, c.root, c.csvTargets[k], "data.csv_targets")] = {Role::Target, k};
    t.kinds.push_back(!c.csvTasks.empty() && c.csvTasks[k] == "classification" ? Task::Classification : Task::Regression);
  }
  for (size_t k = 0; k < c.csvCategorical.size(); ++k)
    t.columns[findColumn(rows, c.root, c.csvCategorical[k], "data.csv_categorical")] = {Role::Categorical, k};
  for (const auto& name : c.csvIgnore) t.columns[findColumn(rows, c.root, name, "data.csv_ignore")] = {Role::Ignored, 0};
  for (auto& col : t.columns)
    if (col.role == Role::Feature) col.slot = t.numericColumns++;
  if (t.numericColumns + c.csvCategorical.size() == 0)
    throw DataError(c.root + ": no feature columns are left once data.csv_targets and data.csv_ignore are taken out");
  t.targets.resize(c.csvTargets.size());
  t.codes.resize(c.csvCategorical.size());
  t.categories.resize(c.csvCategorical.size());
  std::vector<std::unordered_map<std::string, int32_t>> index(c.csvCategorical.size());
  std::vector<std::string> fields;
  while (rows.next(fields)) {
    for (size_t col = 0; col < fields.size(); ++col) {
      const Column& role = t.columns[col];
      if (role.role == Role::Feature) {
        t.numeric.push_back(static_cast<float>(rows.number(col, fields[col])));
      } else if (role.role == Role::Target) {
        const double v = rows.number(col, fields[col]);
        if (t.kinds[role.slot] == Task::Classification && (v != std::floor(v) || std::abs(v) > 1e15))
          throw DataError(rows.where() + ": " + columnName(t, col) + ": '" + fields[col] +
                          "' is not a whole number, and data.csv_tasks makes this column a classification");
        t.targets[role.slot].push_back(v);
      } else if (role.role == Role::Categorical) {
        auto& categories = t.categories[role.slot];
        const auto [it, fresh] = index[role.slot].emplace(fields[col], static_cast<int32_t>(categories.size()));
        if (fresh) categories.push_back(fields[col]);
        t.codes[role.slot].push_back(it->second);
      }
    }
    t.line.push_back(rows.line());
    ++t.rows;
  }
  if (t.rows == 0) throw DataError(c.root + ": the CSV file has a header but no data rows");
  return t;
}

// Classification target `slot`: the ids of its values, from the values in the
// training rows in ascending order; a value only validation or test rows hold has
// no id. Rows in no split (past data.train_subset) are not looked at.
TaskSpec classify(const Table& t, size_t slot, const RowSplit& split, const std::string& path,
                  std::vector<double>& ids) {
  const auto& v = t.targets[slot];
  std::vector<double> classes;
  for (int64_t r : split.train) classes.push_back(v[static_cast<size_t>(r)]);
  std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  const size_t col = static_cast<size_t>(std::find_if(t.columns.begin(), t.columns.end(), [&](const Column& c) {
                                           return c.role == Role::Target && c.slot == slot;
                                         }) - t.columns.begin());
  TaskSpec spec{t.header[col], Task::Classification, static_cast<int64_t>(classes.size()), {}};
  for (double c : classes) spec.classNames.push_back(wholeText(c));
  std::vector<char> used(t.rows, 0);
  for (const auto* part : {&split.train, &split.val, &split.test})
    for (int64_t r : *part) used[static_cast<size_t>(r)] = 1;
  ids.assign(t.rows, 0.0);
  for (size_t r = 0; r < t.rows; ++r) {
    if (!used[r]) continue;
    const auto at = std::lower_bound(classes.begin(), classes.end(), v[r]);
    if (at == classes.end() || *at != v[r]) {
      std::string seen;
      for (size_t i = 0; i < classes.size() && i < 20; ++i) seen += " " + spec.classNames[i];
      throw DataError(path + ":" + std::to_string(t.line[r]) + ": " + columnName(t, col) + ": class " +
                      wholeText(v[r]) + " does not occur in the training rows, so it has no class id (classes in "
                      "training:" + seen + (classes.size() > 20 ? " ..." : "") + ")");
    }
    ids[r] = static_cast<double>(at - classes.begin());
  }
  return spec;
}

// One 0/1 feature per category seen in the training rows, in text order; -1 for
// categories only validation or test rows hold.
std::vector<int64_t> vocabulary(const Table& t, size_t slot, const std::vector<int64_t>& trainRows, int64_t& width) {
  const auto& categories = t.categories[slot];
  std::vector<char> inTraining(categories.size(), 0);
  for (int64_t r : trainRows) inTraining[static_cast<size_t>(t.codes[slot][static_cast<size_t>(r)])] = 1;
  std::vector<int32_t> seen;
  for (size_t i = 0; i < categories.size(); ++i)
    if (inTraining[i]) seen.push_back(static_cast<int32_t>(i));
  std::sort(seen.begin(), seen.end(), [&](int32_t a, int32_t b) { return categories[static_cast<size_t>(a)] < categories[static_cast<size_t>(b)]; });
  std::vector<int64_t> position(categories.size(), -1);
  for (size_t k = 0; k < seen.size(); ++k) position[static_cast<size_t>(seen[k])] = static_cast<int64_t>(k);
  width = static_cast<int64_t>(seen.size());
  return position;
}

}  // namespace

DataSplits loadMultiTaskCsv(const DataConfig& c, uint64_t seed) {
  const Table t = readTable(c);
  const auto n = static_cast<int64_t>(t.rows);
  const RowSplit split = tableSplit(n, c, seed);
  if (split.train.size() < 2)
    throw DataError(c.root + ": too few rows for a training split (" + std::to_string(split.train.size()) + ")");

  DataSplits s;
  auto y = torch::empty({n, static_cast<int64_t>(t.targets.size())});
  auto ya = y.accessor<float, 2>();
  for (size_t k = 0; k < t.targets.size(); ++k) {
    std::vector<double> values = t.targets[k];
    if (t.kinds[k] == Task::Classification) {
      s.tasks.push_back(classify(t, k, split, c.root, values));
    } else {
      const auto col = std::find_if(t.columns.begin(), t.columns.end(),
                                    [&](const Column& col) { return col.role == Role::Target && col.slot == k; });
      s.tasks.push_back({t.header[static_cast<size_t>(col - t.columns.begin())], Task::Regression, 0, {}});
    }
    for (int64_t r = 0; r < n; ++r) ya[r][static_cast<int64_t>(k)] = static_cast<float>(values[static_cast<size_t>(r)]);
  }

  // Features in header order: a numeric column gives one, a categorical column one
  // per training category.
  std::vector<int64_t> offset(t.columns.size(), 0);
  std::vector<std::vector<int64_t>> position(t.categories.size());
  std::vector<uint8_t> scaled;
  for (size_t col = 0; col < t.columns.size(); ++col) {
    offset[col] = static_cast<int64_t>(scaled.size());
    if (t.columns[col].role == Role::Feature) {
      scaled.push_back(1);
    } else if (t.columns[col].role == Role::Categorical) {
      int64_t width = 0;
      position[t.columns[col].slot] = vocabulary(t, t.columns[col].slot, split.train, width);
      scaled.insert(scaled.end(), static_cast<size_t>(width), 0);
    }
  }
  auto x = torch::zeros({n, static_cast<int64_t>(scaled.size())});
  auto xa = x.accessor<float, 2>();
  for (size_t col = 0; col < t.columns.size(); ++col) {
    const Column& role = t.columns[col];
    for (int64_t r = 0; r < n; ++r) {
      const auto row = static_cast<size_t>(r);
      if (role.role == Role::Feature) {
        xa[r][offset[col]] = t.numeric[row * t.numericColumns + role.slot];
      } else if (role.role == Role::Categorical) {
        const int64_t at = position[role.slot][static_cast<size_t>(t.codes[role.slot][row])];
        if (at >= 0) xa[r][offset[col] + at] = 1.0f;
      }
    }
  }

  const Dataset full{x, y};
  s.train = takeRows(full, split.train);
  s.val = takeRows(full, split.val);
  s.test = takeRows(full, split.test);
  standardiseFeatures(s, torch::tensor(std::vector<int64_t>(scaled.begin(), scaled.end())).to(torch::kBool));
  s.inputShape = {x.size(1)};
  s.task = s.tasks.front().kind;
  s.numClasses = s.tasks.front().numClasses;
  s.classNames = s.tasks.front().classNames;
  std::string tasks;
  for (const auto& task : s.tasks)
    tasks += (tasks.empty() ? "" : ", ") + ("'" + task.name + "' ") +
             (task.kind == Task::Classification ? std::to_string(task.numClasses) + " classes" : std::string("regression"));
  s.description = "CSV table (" + c.root + ", targets " + tasks + ")";
  return s;
}

}  // namespace comet
