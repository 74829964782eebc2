// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <string>

namespace comet {

// Writes `contents` to `path` atomically: a temporary file beside it, flushed and
// fsync'ed, then renamed over the target. A kill at any moment leaves the old or
// the new file, never a torn one. Throws RunError on failure.
void writeFileAtomically(const std::string& path, const std::string& contents);

// The same for writers that need a path (torch::save): `write` fills the temporary
// file, which is then synced and renamed.
void writeAtomicallyWith(const std::string& path, const std::function<void(const std::string& tmp)>& write);

}  // namespace comet
