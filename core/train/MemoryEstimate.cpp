// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/MemoryEstimate.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/data/Formats.h"
#include "core/util/Error.h"

namespace comet {
namespace fs = std::filesystem;
namespace {

std::string human(int64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

// The first `n` bytes of a file, inflated when gzipped (zlib reads both).
std::string head(const std::string& path, unsigned n) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw DataError(path + ": cannot open the file");
  std::string out(n, '\0');
  const int got = gzread(f, out.data(), n);
  gzclose(f);
  out.resize(got > 0 ? static_cast<size_t>(got) : 0);
  return out;
}

// The size of the file's contents: ISIZE (size mod 2^32) of a gzip member, or the
// file size.
uint64_t uncompressedSize(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const auto size = static_cast<uint64_t>(in.tellg());
  if (path.size() < 3 || path.compare(path.size() - 3, 3, ".gz") != 0 || size < 4) return size;
  unsigned char t[4] = {};
  in.seekg(-4, std::ios::end);
  in.read(reinterpret_cast<char*>(t), 4);
  return uint64_t{t[0]} | uint64_t{t[1]} << 8 | uint64_t{t[2]} << 16 | uint64_t{t[3]} << 24;
}

unsigned be32(const std::string& b, size_t o) {
  const auto u = [&](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(b[o + i])); };
  return (u(0) << 24) | (u(1) << 16) | (u(2) << 8) | u(3);
}

std::string existing(const fs::path& root, const std::string& name) {
  for (const auto& c : {root / name, root / (name + ".gz")})
    if (fs::exists(c)) return c.string();
  return {};
}

// Examples and features of the training files; zeros when unknown (the readers
// then report what is wrong with the files).
void sizeData(const DataConfig& c, int64_t& examples, int64_t& features, int64_t& testExamples) {
  std::error_code ec;
  const bool multiFashion = c.dataset == "multi_fashion_mnist";
  if (c.dataset == "fashion_mnist" || c.dataset == "mnist" || c.dataset == "idx" || multiFashion) {
    for (const auto* name : {"train-images-idx3-ubyte", "t10k-images-idx3-ubyte"}) {
      const auto path = existing(c.root, name);
      if (path.empty()) continue;
      const std::string h = head(path, 16);
      if (h.size() < 16) continue;
      const int64_t n = be32(h, 4);
      // Trust the header only when the file's (uncompressed) size agrees with it; a
      // corrupt header is the reader's to report, with its byte offset.
      const uint64_t declared = 16 + uint64_t{be32(h, 4)} * be32(h, 8) * be32(h, 12);
      if (uncompressedSize(path) != (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0
                                         ? declared & 0xFFFFFFFFu : declared))
        continue;
      if (std::string(name).rfind("train", 0) == 0) {
        examples = n;
        features = static_cast<int64_t>(std::min<uint64_t>(uint64_t{be32(h, 8)} * be32(h, 12), uint64_t{1} << 40));
      } else {
        testExamples = n;
      }
    }
    if (multiFashion) {  // every image twice, on a 36x36 canvas (MultiFashion.h)
      examples *= 2;
      testExamples *= 2;
      if (features > 0) features = 36 * 36;
    }
  } else if (c.dataset == "cifar10" || c.dataset == "cifar100") {
    const int64_t record = (c.dataset == "cifar10" ? 1 : 2) + 3072;
    features = 3072;
    for (const auto& entry : fs::directory_iterator(c.root, ec)) {
      const auto name = entry.path().filename().string();
      const auto size = static_cast<int64_t>(entry.file_size(ec));
      if (name.rfind("data_batch_", 0) == 0 || name == "train.bin") examples += size / record;
      if (name == "test_batch.bin" || name == "test.bin") testExamples += size / record;
    }
  } else if (c.dataset == "csv") {
    std::ifstream in(c.root, std::ios::binary);
    std::string header;
    if (!in || !std::getline(in, header)) return;
    // One-hot columns (data.csv_categorical) are not counted: their width is known
    // only once the whole file is read.
    const std::string delimiter = detectDelimiter(header);
    int64_t columns = 1;
    for (auto at = header.find(delimiter); at != std::string::npos; at = header.find(delimiter, at + delimiter.size()))
      ++columns;
    const auto size = static_cast<int64_t>(fs::file_size(c.root, ec));
    features = std::max<int64_t>(1, columns - 1);
    examples = size / (2 * columns);  // at least "0," per cell
  }
}

}  // namespace

std::string MemoryEstimate::describe() const {
  return human(total()) + " (parameters " + human(parameters) + ", optimizer state " + human(optimizer) +
         ", gradients " + human(gradients) + ", activations " + human(activations) + ", dataset " + human(dataset) +
         " for " + std::to_string(examples) + " examples x " + std::to_string(features) + " features, mask cache " +
         human(maskCache) + ")";
}

MemoryEstimate estimateMemory(const ExperimentConfig& config) {
  MemoryEstimate m;
  int64_t test = 0;
  sizeData(config.data, m.examples, m.features, test);
  // In double: absurd headers or widths must give a huge estimate, not an overflow.
  const auto bytes = [](double v) {
    return v >= 1e18 ? int64_t{1000000000000000000} : static_cast<int64_t>(v);
  };
  const auto widths = hiddenWidths(config.model);
  const double outputs = 100;  // at most (CIFAR-100); small next to the hidden layers
  double weights = 0;
  double units = 0;
  double in = static_cast<double>(m.features);
  for (auto w : widths) {
    weights += in * static_cast<double>(w) + static_cast<double>(w);
    units += static_cast<double>(w);
    in = static_cast<double>(w);
  }
  weights += in * outputs + outputs;
  const double f = 4;  // float32
  m.parameters = bytes(weights * f * (config.model.method == "comet" ? 2 : 1));  // + the routing projections
  m.gradients = bytes(weights * f);
  const auto& opt = config.train.optimizer;
  m.optimizer = bytes(weights * f * (opt == "adam" || opt == "adamw" ? 2 : opt == "sgd_momentum" ? 1 : 0));
  const double batch = static_cast<double>(std::max(config.train.batchSize, config.train.evalBatchSize));
  m.activations = bytes(batch * (static_cast<double>(m.features) + units * 6 + outputs * 2) * f);
  double train = static_cast<double>(m.examples);
  if (config.data.trainSubset > 0) train = std::min(train, static_cast<double>(config.data.trainSubset));
  const double all = static_cast<double>(m.examples) + static_cast<double>(test);
  // Raw bytes (uint8 images), float32 features, and the split copies of them.
  m.dataset = bytes(all * static_cast<double>(m.features) * (config.data.dataset == "csv" ? 3 * f : 1 + 2 * f));
  m.maskCache = config.model.method == "comet"
                    ? bytes(train * (units / 8 + 8 * static_cast<double>(widths.size())))
                    : 0;
  return m;
}

int64_t availableMemoryBytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  int64_t value = 0;
  std::string unit;
  while (in >> key >> value) {
    std::getline(in, unit);
    if (key == "MemAvailable:") return value * 1024;
  }
  return -1;
}

void checkMemory(const ExperimentConfig& config, int64_t available) {
  std::string source = "the limit given";
  if (available == -2) {
    if (const char* limit = std::getenv("COMET_MEMORY_LIMIT")) {
      available = std::strtoll(limit, nullptr, 10);
      source = "COMET_MEMORY_LIMIT";
    } else {
      available = availableMemoryBytes();
      source = "MemAvailable in /proc/meminfo";
    }
  }
  if (available < 0) return;
  const MemoryEstimate m = estimateMemory(config);
  if (m.total() > available)
    throw ConfigError("the run would not fit in memory: it needs about " + m.describe() + ", but only " +
                      human(available) + " are available (" + source + "); reduce model.width, "
                      "model.hidden_layers, train.batch_size or data.train_subset");
}

}  // namespace comet
