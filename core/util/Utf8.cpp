// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/Utf8.h"

namespace comet {

std::optional<size_t> firstInvalidUtf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    unsigned minCode = 0;
    unsigned code = 0;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { extra = 1; minCode = 0x80; code = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { extra = 2; minCode = 0x800; code = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { extra = 3; minCode = 0x10000; code = c & 0x07; }
    else return i;
    if (i + extra >= n) return i;
    for (size_t j = 1; j <= extra; ++j) {
      const auto d = static_cast<unsigned char>(text[i + j]);
      if ((d & 0xC0) != 0x80) return i;
      code = (code << 6) | (d & 0x3F);
    }
    if (code < minCode || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += extra + 1;
  }
  return std::nullopt;
}

}  // namespace comet
