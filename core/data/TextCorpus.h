// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/data/Dataset.h"

namespace comet {

// Character-level text for language modelling (data.dataset: text). A character
// is one byte of the files: UTF-8 text is modelled byte by byte, so a letter
// outside ASCII is two to four characters. The vocabulary is the set of byte
// values that occur in the corpus, in byte order (class id i is vocabulary[i]).
struct TextCorpus {
  std::string text;                  // the files' bytes, one after another in path order
  std::vector<std::string> files;    // the files read, in that order
  std::vector<std::string> skipped;  // binary files (holding a NUL byte) left out
};

// Reads `root` (a gzip-compressed file is inflated): one file, or every file under a folder (recursively, in path
// order; hidden names and symbolic links to a file already read are left out,
// binary files are skipped and listed). DataError naming the path when it does
// not exist, cannot be read, is binary (a single file) or holds no text.
TextCorpus readTextCorpus(const std::string& root);

// The sorted distinct bytes of `text`.
std::string textVocabulary(const std::string& text);

// A readable name of a character, for class names and figures: "a", "space",
// "comma", "\n", "\t", "0xc3" for a byte that is not printable ASCII.
std::string characterName(unsigned char c);

// The three splits of a corpus for a model that sees `context` characters. The
// text is cut into contiguous blocks of data.text_block characters; a
// data.test_fraction of them (chosen by a fixed seed, so every run tests on the
// same text) is the test split, then a data.val_fraction of the rest (seeded by
// `seed`) validation, the rest training. Each split holds the windows of
// context + 1 characters that fit in its blocks, one after another (a window
// never crosses a block's end): x [n, context] the character ids as floats, y
// [n, context] int64 the next characters. data.train_subset and
// data.test_subset keep the first windows. DataError when a split gets no window.
DataSplits buildTextSplits(const TextCorpus& corpus, const DataConfig& c, int64_t context, uint64_t seed);

}  // namespace comet
