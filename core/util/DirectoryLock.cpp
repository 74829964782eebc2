// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/DirectoryLock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <chrono>
#include <filesystem>
#include <thread>

#include "core/util/Error.h"

namespace comet {

DirectoryLock::DirectoryLock(const std::string& directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec && !std::filesystem::is_directory(directory))
    throw RunError(directory + ": cannot create the run directory: " + ec.message());
  const std::string path = (std::filesystem::path(directory) / kFileName).string();
  m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (m_fd < 0) throw RunError(directory + ": cannot create the lock file " + kFileName + ": " + std::strerror(errno));
  // A few tries: isHeld() (comet sweep --status, polling) holds a shared lock for
  // microseconds.
  int locked = -1;
  for (int attempt = 0; attempt < 10; ++attempt) {
    locked = ::flock(m_fd, LOCK_EX | LOCK_NB);
    if (locked == 0 || errno != EWOULDBLOCK) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (locked != 0) {
    const int err = errno;
    char holder[32] = {};
    const ssize_t n = ::pread(m_fd, holder, sizeof(holder) - 1, 0);
    ::close(m_fd);
    m_fd = -1;
    if (err != EWOULDBLOCK) throw RunError(directory + ": cannot lock " + kFileName + ": " + std::strerror(err));
    std::string pid = n > 0 ? std::string(holder, static_cast<size_t>(n)) : std::string();
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    throw RunInUseError(directory + ": another comet process" + (pid.empty() ? "" : " (pid " + pid + ")") +
                        " is writing this run directory; wait for it to end or stop it first");
  }
  // Who holds it, for the message above (advisory: the flock is what counts).
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(m_fd, 0) == 0) {
    [[maybe_unused]] const ssize_t written = ::pwrite(m_fd, pid.data(), pid.size(), 0);
  }
}

bool DirectoryLock::isHeld(const std::string& directory) {
  const std::string path = (std::filesystem::path(directory) / kFileName).string();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);  // releases the shared lock, if it was taken
  return held;
}

DirectoryLock::~DirectoryLock() {
  if (m_fd >= 0) ::close(m_fd);  // closing releases the flock
}

}  // namespace comet
