// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/ByteSource.h"

#include <sys/stat.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>

#include "core/data/DecodedCache.h"
#include "core/util/AtomicFile.h"
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

bool isGzip(const std::string& bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b;
}

}  // namespace

std::string readFileBytes(const std::string& path) {
  // The identity is taken before the bytes are read: a file that changes meanwhile
  // is cached under its old identity and so decoded again next time.
  struct stat st {};
  const bool known = ::stat(path.c_str(), &st) == 0;
  std::string bytes;
  try {
    bytes = readWholeFile(path);
  } catch (const RunError& e) {
    throw DataError(e.what());  // the same message, as the data error it is here
  }
  if (!isGzip(bytes)) return bytes;
  // A file modified in the last two seconds is not cached (as git's "racily clean"
  // index entries): file times move in clock ticks, so a same-size rewrite within
  // one tick would keep its identity.
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const int64_t nowNs = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
  const int64_t mtimeNs = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  if (!known || nowNs - mtimeNs < 2000000000) return inflateGzip(bytes, path);
  const std::string absolute = std::filesystem::absolute(path).lexically_normal().string();
  const SourceIdentity source{static_cast<uint64_t>(st.st_size), mtimeNs, static_cast<uint64_t>(st.st_ino),
                              static_cast<uint64_t>(st.st_dev)};
  if (auto cached = lookupDecoded(absolute, source)) return std::move(*cached);
  std::string decoded = inflateGzip(bytes, path);
  storeDecoded(absolute, source, decoded);
  return decoded;
}

std::string decodeBytes(std::string bytes, const std::string& origin) {
  if (isGzip(bytes)) return inflateGzip(bytes, origin);
  return bytes;
}

unsigned readBigEndian32(const std::string& b, size_t o) {
  const auto u = [&](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(b[o + i])); };
  return (u(0) << 24) | (u(1) << 16) | (u(2) << 8) | u(3);
}

}  // namespace comet
