// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <string>

namespace comet {

// The run directory's file I/O.

// Writes `contents` to `path` atomically: a temporary file beside it, flushed and
// fsync'ed, then renamed over the target. A kill at any moment leaves the old or
// the new file, never a torn one. Throws RunError on failure.
void writeFileAtomically(const std::string& path, const std::string& contents);

// The same for writers that need a path (torch::save): `write` fills the temporary
// file, which is then synced and renamed.
void writeAtomicallyWith(const std::string& path, const std::function<void(const std::string& tmp)>& write);

// The whole file, as bytes (what the readers of the files above parse). Throws
// RunError naming the path when it cannot be opened or read.
std::string readWholeFile(const std::string& path);

}  // namespace comet
