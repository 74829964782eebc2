// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace comet {

// An exclusive, non-blocking lock on a run directory (flock on DIR/.lock), held
// while a process trains into it: a second `comet run --resume`, a sweep started
// twice on the same folder or a workbench beside a CLI cannot write the same run
// at once. The kernel releases it when the process ends, however it ends, so a
// killed run never leaves a stale lock.
class DirectoryLock {
 public:
  // Creates DIR if needed. Throws RunInUseError naming the directory and the
  // holder's process id when another process holds the lock, RunError when the
  // lock file cannot be created.
  explicit DirectoryLock(const std::string& directory);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

  // Whether a process holds DIR's lock now (false when DIR has no lock file). It
  // takes a shared lock for a moment; the constructor retries for a while, so such
  // a probe never makes a starting run fail.
  static bool isHeld(const std::string& directory);

  static constexpr const char* kFileName = ".lock";

 private:
  int m_fd = -1;
};

}  // namespace comet
