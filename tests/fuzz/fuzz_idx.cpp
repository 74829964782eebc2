// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the IDX reader's byte parser, gzip decoding included.
#include "core/data/ByteSource.h"
#include "core/data/Formats.h"
#include "tests/fuzz/FuzzCommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  COMET_FUZZ_EXPECTED({
    const std::string bytes = comet::decodeBytes(fuzzBytes(data, size), "fuzz.idx");
    COMET_FUZZ_EXPECTED({
      const auto shape = comet::parseIdx(bytes, "fuzz.idx", 0x00000803u, 3, "images");
      if (16 + static_cast<uint64_t>(shape[0]) * shape[1] * shape[2] != bytes.size()) __builtin_trap();
    });
    COMET_FUZZ_EXPECTED({
      const auto shape = comet::parseIdx(bytes, "fuzz.idx", 0x00000801u, 1, "labels");
      if (8 + static_cast<uint64_t>(shape[0]) != bytes.size()) __builtin_trap();
    });
  });
  return 0;
}
