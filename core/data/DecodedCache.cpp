// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/DecodedCache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>

#include "core/util/Warnings.h"

namespace comet {
namespace fs = std::filesystem;
namespace {

constexpr char kMagic[8] = {'C', 'O', 'M', 'E', 'T', 'D', 'C', '1'};

// The fixed-size header that precedes the path and the decoded bytes.
struct Header {
  char magic[8];
  uint64_t size;
  int64_t mtimeNs;
  uint64_t inode;
  uint64_t device;
  uint64_t decodedSize;
  uint32_t decodedCrc;
  uint32_t pathSize;
  uint32_t headerCrc;  // of every field above and the path
  uint32_t reserved;
};

std::atomic<int64_t> g_hits{0}, g_misses{0}, g_rebuilt{0}, g_writeFailures{0};
std::atomic<bool> g_warnedWrite{false};

uint32_t crc(const void* data, size_t n, uint32_t seed = 0) {
  // zlib's crc32 takes uInt lengths: feed large buffers in pieces.
  uLong c = seed;
  const auto* p = static_cast<const Bytef*>(data);
  while (n > 0) {
    const size_t piece = std::min<size_t>(n, 1u << 30);
    c = crc32(c, p, static_cast<uInt>(piece));
    p += piece;
    n -= piece;
  }
  return static_cast<uint32_t>(c);
}

uint32_t headerCrc(const Header& h, const std::string& path) {
  return crc(path.data(), path.size(), crc(&h, offsetof(Header, headerCrc)));
}

std::string entryPath(const std::string& dir, const std::string& path) {
  uint64_t hash = 1469598103934665603ull;  // FNV-1a of the absolute path
  for (unsigned char c : path) hash = (hash ^ c) * 1099511628211ull;
  char name[32];
  std::snprintf(name, sizeof(name), "%016llx.bin", static_cast<unsigned long long>(hash));
  return (fs::path(dir) / name).string();
}

bool readAll(int fd, char* out, size_t n) {
  while (n > 0) {
    const ssize_t got = ::read(fd, out, n);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    out += got;
    n -= static_cast<size_t>(got);
  }
  return true;
}

bool writeAll(int fd, const char* p, size_t n) {
  while (n > 0) {
    const ssize_t put = ::write(fd, p, n);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    p += put;
    n -= static_cast<size_t>(put);
  }
  return true;
}

// The fixed header and the source path that follows it; false when the file is
// not an entry (wrong magic, an implausible path length) or is cut short there.
bool readHeader(int fd, Header& h, std::string& path) {
  if (!readAll(fd, reinterpret_cast<char*>(&h), sizeof(h)) || std::memcmp(h.magic, kMagic, sizeof(kMagic)) != 0 ||
      h.pathSize > 65536)
    return false;
  path.assign(h.pathSize, '\0');
  return readAll(fd, path.data(), path.size());
}

// Removes the entries whose source file is gone (the test suites' temporary data,
// moved datasets) and temporaries older than an hour (a writer killed mid-write).
void prune(const std::string& dir) {
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path entry = it->path();
    const std::string name = entry.filename().string();
    if (name.find(".tmp.") != std::string::npos) {
      const auto written = fs::last_write_time(entry, ec);
      if (!ec && now - written > std::chrono::hours(1)) fs::remove(entry, ec);
      continue;
    }
    if (entry.extension() != ".bin") continue;
    const int fd = ::open(entry.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    Header h{};
    std::string source;
    if (!readHeader(fd, h, source)) source.clear();
    ::close(fd);
    if (!source.empty() && !fs::exists(source, ec) && !ec) fs::remove(entry, ec);
  }
}

}  // namespace

std::optional<std::string> decodedCacheDirectory() {
  const char* own = std::getenv("COMET_CACHE_DIR");
  if (own && *own) {
    if (std::string(own) == "off") return std::nullopt;
    return std::string(own);
  }
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg) return (fs::path(xdg) / "comet-workbench" / "decoded").string();
  const char* home = std::getenv("HOME");
  if (home && *home) return (fs::path(home) / ".cache" / "comet-workbench" / "decoded").string();
  return std::nullopt;
}

DecodedCacheStats decodedCacheStats() { return {g_hits, g_misses, g_rebuilt, g_writeFailures}; }

std::optional<std::string> lookupDecoded(const std::string& path, const SourceIdentity& source) {
  const auto dir = decodedCacheDirectory();
  if (!dir) return std::nullopt;
  const std::string entry = entryPath(*dir, path);
  const int fd = ::open(entry.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    ++g_misses;
    return std::nullopt;
  }
  std::string why;  // non-empty: the entry is corrupt
  std::optional<std::string> decoded;
  Header h{};
  struct stat st {};
  std::string storedPath;
  if (::fstat(fd, &st) != 0 || !readHeader(fd, h, storedPath)) {
    why = "not a cache entry or cut short in its header";
  } else {
    if (headerCrc(h, storedPath) != h.headerCrc) {
      why = "its header fails its checksum";
    } else if (storedPath != path || h.size != source.size || h.mtimeNs != source.mtimeNs || h.inode != source.inode ||
               h.device != source.device) {
      // Another source with the same hash, or this source changed since: decode again.
    } else if (static_cast<uint64_t>(st.st_size) != sizeof(h) + h.pathSize + h.decodedSize) {
      why = "its length is not what its header says (cut short?)";
    } else {
      std::string bytes(h.decodedSize, '\0');
      if (!readAll(fd, bytes.data(), bytes.size())) why = "it cannot be read to its end";
      else if (crc(bytes.data(), bytes.size()) != h.decodedCrc) why = "its decoded bytes fail their checksum";
      else decoded = std::move(bytes);
    }
  }
  ::close(fd);
  if (decoded) {
    ++g_hits;
    return decoded;
  }
  if (!why.empty()) {
    ++g_rebuilt;
    warn("decoded-data cache " + entry + " for " + path + " is corrupt (" + why + "); decoding the source again");
  } else {
    ++g_misses;
  }
  return std::nullopt;
}

void storeDecoded(const std::string& path, const SourceIdentity& source, const std::string& decoded) {
  const auto dir = decodedCacheDirectory();
  if (!dir) return;
  const std::string entry = entryPath(*dir, path);
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof(kMagic));
  h.size = source.size;
  h.mtimeNs = source.mtimeNs;
  h.inode = source.inode;
  h.device = source.device;
  h.decodedSize = decoded.size();
  h.decodedCrc = crc(decoded.data(), decoded.size());
  h.pathSize = static_cast<uint32_t>(path.size());
  h.headerCrc = headerCrc(h, path);
  // A name of its own per writer, renamed into place: concurrent writers each
  // publish a whole entry (the same bytes), readers never see half of one.
  static thread_local std::mt19937_64 random{std::random_device{}()};
  const std::string tmp = entry + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(random());
  std::error_code ec;
  fs::create_directories(*dir, ec);
  bool ok = false;
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd >= 0) {
    ok = writeAll(fd, reinterpret_cast<const char*>(&h), sizeof(h)) && writeAll(fd, path.data(), path.size()) &&
         writeAll(fd, decoded.data(), decoded.size());
    ok = (::close(fd) == 0) && ok;
    ok = ok && ::rename(tmp.c_str(), entry.c_str()) == 0;
  }
  const int err = errno;
  if (ok) {
    prune(*dir);
  } else {
    ::unlink(tmp.c_str());
    ++g_writeFailures;
    if (!g_warnedWrite.exchange(true))
      warn("cannot write the decoded-data cache in " + *dir + " (" + std::strerror(err) +
           "); data files are decoded every time (COMET_CACHE_DIR sets another folder, =off turns it off)");
  }
}

}  // namespace comet
