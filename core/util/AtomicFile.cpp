// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/AtomicFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/util/Error.h"

namespace comet {
namespace {

std::string tempPathFor(const std::string& path) {
  return path + ".tmp." + std::to_string(::getpid());
}

void syncAndRename(const std::string& tmp, const std::string& path) {
  const int fd = ::open(tmp.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    throw RunError(path + ": cannot replace the file: " + why);
  }
}

}  // namespace

void writeFileAtomically(const std::string& path, const std::string& contents) {
  writeAtomicallyWith(path, [&](const std::string& tmp) {
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw RunError(tmp + ": cannot create the file: " + std::strerror(errno));
    const size_t written = std::fwrite(contents.data(), 1, contents.size(), f);
    const bool ok = written == contents.size() && std::fflush(f) == 0;
    std::fclose(f);
    if (!ok) throw RunError(tmp + ": cannot write the file (disk full?)");
  });
}

void writeAtomicallyWith(const std::string& path, const std::function<void(const std::string&)>& write) {
  const std::string tmp = tempPathFor(path);
  try {
    write(tmp);
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
  syncAndRename(tmp, path);
}

std::string readWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RunError(path + ": cannot open the file: " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw RunError(path + ": error while reading the file");
  return buf.str();
}

}  // namespace comet
