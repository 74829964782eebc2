// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the CSV table parser, with the last column and with a named
// target column.
#include <cmath>

#include "core/data/ByteSource.h"
#include "core/data/Formats.h"
#include "tests/fuzz/FuzzCommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes = fuzzBytes(data, size);
  for (const char* target : {"", "y"}) {
    COMET_FUZZ_EXPECTED({
      const auto t = comet::parseCsv(bytes, "fuzz.csv", target);
      if (t.values.size() != t.rows * t.header.size() || t.targetColumn >= t.header.size()) __builtin_trap();
      for (float v : t.values)
        if (!std::isfinite(v)) __builtin_trap();
    });
  }
  return 0;
}
