// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the libFuzzer targets: the errors the core is allowed to raise on bad
// input. Anything else escaping (another exception, a crash, a sanitizer report)
// is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/util/Error.h"

#define COMET_FUZZ_EXPECTED(body)        \
  try {                                  \
    body;                                \
  } catch (const comet::ConfigError&) {  \
  } catch (const comet::DataError&) {    \
  } catch (const comet::RunError&) {     \
  }

inline std::string fuzzBytes(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}
