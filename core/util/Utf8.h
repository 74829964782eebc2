// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace comet {

// Returns the byte offset of the first byte that breaks UTF-8, or nothing when the
// text is valid UTF-8.
std::optional<size_t> firstInvalidUtf8(std::string_view text);

}  // namespace comet
