// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/ByteSource.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/util/Error.h"

namespace comet {
namespace {

std::string inflateGzip(const std::string& packed, const std::string& path) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) throw DataError(path + ": cannot start the gzip decoder");
  std::string out;
  out.reserve(packed.size() * 4);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  zs.avail_in = static_cast<uInt>(packed.size());
  char chunk[1 << 16];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof(chunk);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      const std::string why = rc == Z_BUF_ERROR ? "the compressed data ends early (truncated file)"
                                                : (zs.msg ? zs.msg : "corrupt data");
      const auto at = zs.total_in;
      inflateEnd(&zs);
      throw DataError(path + ": gzip error at compressed byte offset " + std::to_string(at) + ": " + why);
    }
    out.append(chunk, sizeof(chunk) - zs.avail_out);
    if (rc != Z_STREAM_END && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      throw DataError(path + ": gzip error: the compressed data ends early (truncated file)");
    }
  }
  inflateEnd(&zs);
  return out;
}

}  // namespace

std::string readFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path + ": cannot open the file: " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw DataError(path + ": error while reading the file");
  return decodeBytes(buf.str(), path);
}

std::string decodeBytes(std::string bytes, const std::string& origin) {
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
      static_cast<unsigned char>(bytes[1]) == 0x8b)
    return inflateGzip(bytes, origin);
  return bytes;
}

unsigned readBigEndian32(const std::string& b, size_t o) {
  const auto u = [&](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(b[o + i])); };
  return (u(0) << 24) | (u(1) << 16) | (u(2) << 8) | u(3);
}

}  // namespace comet
