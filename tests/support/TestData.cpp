// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/TestData.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace comet::testing {

void writeBytes(const std::string& path, const std::string& bytes, bool gzip) {
  if (gzip) {
    gzFile f = gzopen(path.c_str(), "wb");
    if (!f) throw std::runtime_error("cannot write " + path);
    gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
    return;
  }
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string bigEndian32(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[static_cast<size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
  return s;
}

std::string idxImages(int n, int rows, int cols) {
  std::string s = bigEndian32(0x803) + bigEndian32(static_cast<uint32_t>(n)) + bigEndian32(static_cast<uint32_t>(rows)) +
                  bigEndian32(static_cast<uint32_t>(cols));
  for (int i = 0; i < n; ++i)
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) s.push_back(static_cast<char>((i + r + c) % 256));
  return s;
}

std::string idxLabels(int n, int classes) {
  std::string s = bigEndian32(0x801) + bigEndian32(static_cast<uint32_t>(n));
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>(i % classes));
  return s;
}

void writeIdxFolder(const std::string& dir, int trainN, int testN, bool gzip) {
  std::filesystem::create_directories(dir);
  const std::string ext = gzip ? ".gz" : "";
  writeBytes(dir + "/train-images-idx3-ubyte" + ext, idxImages(trainN, 28, 28), gzip);
  writeBytes(dir + "/train-labels-idx1-ubyte" + ext, idxLabels(trainN), gzip);
  writeBytes(dir + "/t10k-images-idx3-ubyte" + ext, idxImages(testN, 28, 28), gzip);
  writeBytes(dir + "/t10k-labels-idx1-ubyte" + ext, idxLabels(testN), gzip);
}

std::string cifarRecords(int n, int labelBytes, int classes) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (labelBytes == 2) s.push_back(static_cast<char>(i % 20));
    s.push_back(static_cast<char>(i % classes));
    for (int j = 0; j < 3072; ++j) s.push_back(static_cast<char>((i * 7 + j) % 256));
  }
  return s;
}

bool fashionMnistInstalled() {
  for (const char* f : {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz"})
    if (!std::filesystem::exists(kFashionRoot + "/" + f)) return false;
  return true;
}

}  // namespace comet::testing
