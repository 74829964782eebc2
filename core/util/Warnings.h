// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <string>

namespace comet {

// The core never prints: what it has to warn about (a corrupt cache entry rebuilt,
// a cache that cannot be written) goes to the handler the program installed. The
// CLI prints "comet: warning: ..." on stderr; the workbench passes it to qWarning.
// Without a handler warnings are dropped. The handler may be called from any thread.
using WarningHandler = std::function<void(const std::string& message)>;
void setWarningHandler(WarningHandler handler);
void warn(const std::string& message);

}  // namespace comet
