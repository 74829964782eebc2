// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The method names without torch: what the GUI and the config need. The table is
// MethodNames.cpp; MethodRegistry.cpp builds each of them.

#include <string>
#include <vector>

namespace comet {

// The methods of the paper that the core can build, by their config names.
std::vector<std::string> methodNames();
std::string methodDescription(const std::string& method);

}  // namespace comet
