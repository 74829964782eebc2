// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

// Small files in the real formats, written by the tests themselves.
namespace comet::testing {

void writeBytes(const std::string& path, const std::string& bytes, bool gzip = false);
// The whole file (empty when it cannot be read).
std::string readBytes(const std::string& path);
std::string bigEndian32(uint32_t v);
// IDX images [n, rows, cols] with pixel (i, r, c) = (i + r + c) % 256, and labels i % 10.
std::string idxImages(int n, int rows, int cols);
std::string idxLabels(int n, int classes = 10);
// A folder with the four MNIST-layout files (train n, test m images of 28x28).
void writeIdxFolder(const std::string& dir, int trainN, int testN, bool gzip);
// CIFAR records: label byte(s) then 3072 pixels; pixel value (i * 7 + j) % 256.
std::string cifarRecords(int n, int labelBytes, int classes);

const std::string kFashionRoot = "/usr/share/datasets/fashion-mnist";
bool fashionMnistInstalled();

}  // namespace comet::testing

// In a test function (or initTestCase): Debian's Fashion-MNIST, which set-up
// installs, must be there. Missing, the test fails rather than skip to a pass (a
// broken set-up must not look green); COMET_ALLOW_MISSING_DATA=1 skips instead.
#define COMET_REQUIRE_FASHION_MNIST()                                                          \
  do {                                                                                         \
    if (!comet::testing::fashionMnistInstalled()) {                                            \
      if (qEnvironmentVariableIsSet("COMET_ALLOW_MISSING_DATA"))                               \
        QSKIP("Debian's dataset-fashion-mnist is not installed (COMET_ALLOW_MISSING_DATA)");   \
      QFAIL("Debian's dataset-fashion-mnist is not installed: run ./test.sh (set-up installs " \
            "it), or set COMET_ALLOW_MISSING_DATA=1 to skip");                                  \
    }                                                                                          \
  } while (false)

namespace comet::testing {

}  // namespace comet::testing
