// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace comet {

// A cache of inflated gzip files (the Fashion-MNIST IDX files, CIFAR archives) on
// disk, so that repeated runs and sweep cells read the decoded bytes instead of
// inflating the same gzip every time (docs/performance.md, "Decoded-data cache").
//
// One cache file per source path (named by a hash of its absolute path) holds the
// source's identity when it was decoded (size, modification time in ns, inode,
// device), the decoded length, a CRC-32 of the decoded bytes and the path itself.
// An entry is used only when all of these match the source as it is now and the
// checksum of what was read is right: a changed source is decoded again and the
// entry replaced; a corrupt or truncated entry is rebuilt with a warning (core/util/Warnings.h).
// Entries are written to a temporary file and renamed into place, so processes that
// decode the same file at once (sweep cells) each leave a whole entry, never a torn
// one. Failing to write the cache (read-only, full disk) never fails the read.
// A source modified less than 2 s ago is decoded without the cache: file times move
// in clock ticks, so a same-size rewrite within one tick would look unchanged.
// Storing an entry removes those of sources that no longer exist.
//
// Where: $COMET_CACHE_DIR, else $XDG_CACHE_HOME/comet-workbench/decoded, else
// ~/.cache/comet-workbench/decoded. COMET_CACHE_DIR=off turns it off.
std::optional<std::string> decodedCacheDirectory();

// What this process's cache did (for tests and benchmarks).
struct DecodedCacheStats {
  int64_t hits = 0;      // served from the cache
  int64_t misses = 0;    // decoded: no entry, or the source changed
  int64_t rebuilt = 0;   // decoded because the entry was corrupt (warned)
  int64_t writeFailures = 0;
};
DecodedCacheStats decodedCacheStats();

// The identity of a source file as stat() sees it.
struct SourceIdentity {
  uint64_t size = 0;
  int64_t mtimeNs = 0;
  uint64_t inode = 0;
  uint64_t device = 0;
};

// The decoded bytes of `path` (absolute) cached for exactly this identity, or
// nullopt (counted as a miss, or as rebuilt with a warning when the entry is
// corrupt). The cache off: always nullopt.
std::optional<std::string> lookupDecoded(const std::string& path, const SourceIdentity& source);
// Stores them; failures are counted, and warned about once per process.
void storeDecoded(const std::string& path, const SourceIdentity& source, const std::string& decoded);

}  // namespace comet
