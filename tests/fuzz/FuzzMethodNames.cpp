// SPDX-License-Identifier: GPL-3.0-or-later
// The fuzz build links the config loader without the models (and so without
// libtorch): the schema only needs the method names.
#include <string>
#include <vector>

namespace comet {
std::vector<std::string> methodNames() { return {"standard", "comet"}; }
}  // namespace comet
