// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the YAML config loader (text -> ExperimentConfig -> YAML -> config).
#include "core/config/ConfigLoader.h"
#include "tests/fuzz/FuzzCommon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzzBytes(data, size);
  COMET_FUZZ_EXPECTED({
    const auto config = comet::ConfigLoader::loadString(text, "fuzz.yaml");
    // What loads must write back and load again to the same YAML.
    const std::string yaml = comet::toYaml(config);
    if (comet::toYaml(comet::ConfigLoader::loadString(yaml, "resolved.yaml")) != yaml) __builtin_trap();
  });
  // The same text as a command-line override value.
  COMET_FUZZ_EXPECTED(comet::ConfigLoader::loadString("", "fuzz", {"model.width=" + text}));
  return 0;
}
