// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace comet {

// Reads a whole file into memory, inflating it when it is gzip-compressed (by its
// magic bytes, not its name), through the decoded-data cache (DecodedCache.h).
// Throws DataError naming the file on any failure, including a truncated or
// corrupt gzip stream.
std::string readFileBytes(const std::string& path);

// The same on bytes in memory: inflated when they start with the gzip magic.
std::string decodeBytes(std::string bytes, const std::string& origin);

// Big-endian 32-bit unsigned integer at `offset` (caller checks the bounds).
unsigned readBigEndian32(const std::string& bytes, size_t offset);

}  // namespace comet
