// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/TextCorpus.h"

#include <torch/torch.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include "core/data/ByteSource.h"
#include "core/data/DataLoader.h"
#include "core/util/Error.h"

namespace comet {
namespace fs = std::filesystem;
namespace {

bool hidden(const fs::path& relative) {
  for (const auto& part : relative)
    if (!part.empty() && part.string().front() == '.' && part != "." && part != "..") return true;
  return false;
}

// The files under `root` in path order, each real file once.
std::vector<fs::path> folderFiles(const fs::path& root) {
  std::vector<fs::path> paths;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file() && !hidden(fs::relative(it->path(), root))) paths.push_back(it->path());
  if (ec) throw DataError(root.string() + ": cannot list the folder (" + ec.message() + ")");
  std::sort(paths.begin(), paths.end());
  std::set<fs::path> seen;
  std::vector<fs::path> out;
  for (const auto& p : paths)
    if (seen.insert(fs::weakly_canonical(p)).second) out.push_back(p);  // fortunes' *.u8 links
  return out;
}

// Block ranges [begin, end) of a text of `length` characters.
std::vector<std::pair<int64_t, int64_t>> blocks(int64_t length, int64_t block) {
  std::vector<std::pair<int64_t, int64_t>> out;
  for (int64_t b = 0; b < length; b += block) out.emplace_back(b, std::min(length, b + block));
  return out;
}

Dataset windows(const std::vector<int64_t>& ids, const std::vector<std::pair<int64_t, int64_t>>& ranges,
                int64_t context, int64_t limit) {
  std::vector<int64_t> starts;
  for (const auto& [begin, end] : ranges)
    for (int64_t s = begin; s + context + 1 <= end; s += context) starts.push_back(s);
  if (limit > 0 && limit < static_cast<int64_t>(starts.size())) starts.resize(static_cast<size_t>(limit));
  const auto n = static_cast<int64_t>(starts.size());
  auto x = torch::empty({n, context}, torch::kFloat32);
  auto y = torch::empty({n, context}, torch::kLong);
  auto* xp = x.data_ptr<float>();
  auto* yp = y.data_ptr<int64_t>();
  for (int64_t i = 0; i < n; ++i)
    for (int64_t t = 0; t < context; ++t) {
      const auto at = static_cast<size_t>(starts[static_cast<size_t>(i)] + t);
      xp[i * context + t] = static_cast<float>(ids[at]);
      yp[i * context + t] = ids[at + 1];
    }
  return {x, y};
}

}  // namespace

TextCorpus readTextCorpus(const std::string& root) {
  const fs::path path(root);
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw DataError(root + ": data.root does not exist (expected a text file or a folder of text files)");
  TextCorpus corpus;
  const bool folder = fs::is_directory(path, ec);
  for (const auto& file : folder ? folderFiles(path) : std::vector<fs::path>{path}) {
    std::string bytes = readFileBytes(file.string());  // a gzip file is inflated
    if (bytes.find('\0') != std::string::npos) {
      if (!folder) throw DataError(root + ": is a binary file (it holds NUL bytes), not text");
      corpus.skipped.push_back(file.string());
      continue;
    }
    corpus.text += bytes;
    corpus.files.push_back(file.string());
  }
  if (corpus.text.empty())
    throw DataError(root + (folder ? ": the folder holds no text (" + std::to_string(corpus.skipped.size()) +
                                         " binary files skipped)"
                                   : std::string(": the text file is empty")));
  return corpus;
}

std::string textVocabulary(const std::string& text) {
  std::array<bool, 256> present{};
  for (const char c : text) present[static_cast<unsigned char>(c)] = true;
  std::string v;
  for (int b = 0; b < 256; ++b)
    if (present[static_cast<size_t>(b)]) v.push_back(static_cast<char>(b));
  return v;
}

std::string characterName(unsigned char c) {
  switch (c) {
    case ' ': return "space";
    case ',': return "comma";  // names are CSV column names in probe/
    case '\n': return "\\n";
    case '\t': return "\\t";
    case '\r': return "\\r";
    default: break;
  }
  if (c > 32 && c < 127) return std::string(1, static_cast<char>(c));
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02x", c);
  return hex;
}

DataSplits buildTextSplits(const TextCorpus& corpus, const DataConfig& c, int64_t context, uint64_t seed) {
  if (const std::string why = textBlockProblem(c, context); !why.empty()) throw ConfigError("data.text_block: " + why);
  const std::string vocabulary = textVocabulary(corpus.text);
  std::array<int64_t, 256> id{};
  for (size_t i = 0; i < vocabulary.size(); ++i) id[static_cast<unsigned char>(vocabulary[i])] = static_cast<int64_t>(i);
  std::vector<int64_t> ids(corpus.text.size());
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = id[static_cast<unsigned char>(corpus.text[i])];

  const auto all = blocks(static_cast<int64_t>(ids.size()), c.textBlock);
  const auto testOrder = seededPermutation(static_cast<int64_t>(all.size()), 0x7e57u);  // fixed: one test text
  const auto nTest = static_cast<size_t>(std::llround(static_cast<double>(all.size()) * c.testFraction));
  std::vector<bool> isTest(all.size(), false);
  for (size_t i = 0; i < nTest; ++i) isTest[static_cast<size_t>(testOrder[i])] = true;
  std::vector<size_t> rest;
  for (size_t b = 0; b < all.size(); ++b)
    if (!isTest[b]) rest.push_back(b);
  const auto valOrder = seededPermutation(static_cast<int64_t>(rest.size()), seed ^ 0x7a1u);
  const auto nVal = static_cast<size_t>(std::llround(static_cast<double>(rest.size()) * c.valFraction));
  std::vector<bool> isVal(all.size(), false);
  for (size_t i = 0; i < nVal; ++i) isVal[rest[static_cast<size_t>(valOrder[i])]] = true;
  std::vector<std::pair<int64_t, int64_t>> train, val, test;
  for (size_t b = 0; b < all.size(); ++b) (isTest[b] ? test : isVal[b] ? val : train).push_back(all[b]);

  DataSplits s;
  s.task = Task::Classification;
  s.numClasses = static_cast<int64_t>(vocabulary.size());
  s.vocabulary = vocabulary;
  for (const char ch : vocabulary) s.classNames.push_back(characterName(static_cast<unsigned char>(ch)));
  s.inputShape = {context};
  s.train = windows(ids, train, context, c.trainSubset);
  s.val = windows(ids, val, context, 0);
  s.test = windows(ids, test, context, c.testSubset);
  const auto need = std::to_string(context + 1);
  if (s.train.size() == 0)
    throw DataError(c.root + ": the training split holds no window of " + need + " characters (" +
                    std::to_string(corpus.text.size()) + " characters in all; check data.val_fraction, "
                    "data.test_fraction and data.text_block)");
  if (nTest > 0 && s.test.size() == 0)
    throw DataError(c.root + ": the test split holds no window of " + need + " characters (raise data.text_block)");
  std::string files = corpus.files.size() == 1 ? corpus.files.front() : std::to_string(corpus.files.size()) + " files in " + c.root;
  s.description = "text (" + files + ", " + std::to_string(corpus.text.size()) + " characters, " +
                  std::to_string(vocabulary.size()) + " distinct)";
  return s;
}

}  // namespace comet
