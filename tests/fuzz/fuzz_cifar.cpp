// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the CIFAR-10 / CIFAR-100 record parser.
#include "core/data/ByteSource.h"
#include "core/data/Formats.h"
#include "tests/fuzz/FuzzCommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  COMET_FUZZ_EXPECTED({
    const std::string bytes = comet::decodeBytes(fuzzBytes(data, size), "fuzz.bin");
    for (const auto& [labelBytes, classes] : {std::pair{1, 10}, std::pair{2, 100}}) {
      COMET_FUZZ_EXPECTED({
        const auto labels = comet::parseCifarLabels(bytes, "fuzz.bin", labelBytes, classes);
        for (auto l : labels)
          if (l < 0 || l >= classes) __builtin_trap();
      });
    }
  });
  return 0;
}
