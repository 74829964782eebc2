// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace comet {

// The candidate nearest to `word` by edit distance, or empty when none is close
// (used for "did you mean" hints on unknown keys and names).
std::string closestMatch(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace comet
