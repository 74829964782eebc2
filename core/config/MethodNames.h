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
// The methods a transformer backbone (vit, mixer) runs; any other is a config error.
const std::vector<std::string>& transformerMethods();
// The same as one line for messages: "standard, comet, topk, dropout, smaller".
std::string joinedTransformerMethods();

}  // namespace comet
