// SPDX-License-Identifier: GPL-3.0-or-later
// Runs a libFuzzer target's LLVMFuzzerTestOneInput over files and folders of
// inputs without libFuzzer: the regression test of every corpus in the normal
// (GCC) build. Exits non-zero when an input escapes with an unexpected error.
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path p(argv[i]);
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p))
        if (e.is_regular_file()) files.push_back(e.path());
    } else {
      files.push_back(p);
    }
  }
  int failed = 0;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    const std::string bytes = buf.str();
    try {
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: unexpected exception: %s\n", f.c_str(), e.what());
      ++failed;
    }
  }
  std::printf("%zu inputs, %d failed\n", files.size(), failed);
  return failed == 0 && !files.empty() ? 0 : 1;
}
