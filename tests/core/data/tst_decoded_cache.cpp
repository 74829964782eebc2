// SPDX-License-Identifier: GPL-3.0-or-later
// The decoded-data cache (torch-free): a second read is served from the cache; a
// changed source, a corrupt, truncated or foreign entry, an unwritable or disabled
// cache and concurrent readers all give the source's decoded bytes; entries of
// deleted sources are pruned.
#include <sys/stat.h>
#include <zlib.h>

#include <QTemporaryDir>
#include <QtTest>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <chrono>
#include <random>
#include <thread>

#include "core/data/ByteSource.h"
#include "core/data/DecodedCache.h"
#include "core/util/Warnings.h"

using namespace comet;
namespace fs = std::filesystem;

namespace {

std::string randomBytes(size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(gen() % 7);  // compressible, like images
  return s;
}

// Written `age` ago (the cache leaves files modified in the last 2 s alone).
void writeGzip(const std::string& path, const std::string& content,
               std::chrono::seconds age = std::chrono::hours(1)) {
  gzFile f = gzopen(path.c_str(), "wb");
  QVERIFY(f);
  QCOMPARE(gzwrite(f, content.data(), static_cast<unsigned>(content.size())), static_cast<int>(content.size()));
  gzclose(f);
  fs::last_write_time(path, fs::file_time_type::clock::now() - age);
}

std::vector<fs::path> entries(const std::string& dir) {
  std::vector<fs::path> out;
  if (fs::exists(dir))
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
  return out;
}

void flipByte(const fs::path& file, std::streamoff offsetFromEnd) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(-offsetFromEnd, std::ios::end);
  char c = 0;
  f.get(c);
  f.seekp(-offsetFromEnd, std::ios::end);
  f.put(static_cast<char>(c ^ 0x5a));
}

}  // namespace

class TestDecodedCache : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir m_tmp;
  std::string m_cache;
  std::string m_data;

  void useCache(const std::string& dir) { ::setenv("COMET_CACHE_DIR", dir.c_str(), 1); }

 private Q_SLOTS:
  void init() {
    m_cache = m_tmp.path().toStdString() + "/cache";
    m_data = m_tmp.path().toStdString() + "/data";
    fs::remove_all(m_cache);
    fs::create_directories(m_data);
    useCache(m_cache);
  }

  void secondReadIsServedFromTheCache() {
    const std::string src = m_data + "/a.gz", content = randomBytes(300000, 1);
    writeGzip(src, content);
    const auto before = decodedCacheStats();
    QCOMPARE(readFileBytes(src), content);
    QCOMPARE(decodedCacheStats().misses, before.misses + 1);
    QCOMPARE(entries(m_cache).size(), size_t{1});
    QCOMPARE(readFileBytes(src), content);
    QCOMPARE(decodedCacheStats().hits, before.hits + 1);
    // A relative path names the same source: the same entry.
    const fs::path cwd = fs::current_path();
    fs::current_path(m_data);
    QCOMPARE(readFileBytes("a.gz"), content);
    fs::current_path(cwd);
    QCOMPARE(decodedCacheStats().hits, before.hits + 2);
    QCOMPARE(entries(m_cache).size(), size_t{1});
  }

  void aChangedSourceIsDecodedAgain() {
    const std::string src = m_data + "/b.gz";
    writeGzip(src, randomBytes(5000, 2));
    QCOMPARE(readFileBytes(src), randomBytes(5000, 2));
    // Same size, new content; the modification time is kept equal on purpose: the
    // inode (a new file renamed over) differs.
    const auto mtime = fs::last_write_time(src);
    writeGzip(src + ".new", randomBytes(5000, 3));
    fs::rename(src + ".new", src);
    fs::last_write_time(src, mtime);
    const auto before = decodedCacheStats();
    QCOMPARE(readFileBytes(src), randomBytes(5000, 3));
    QCOMPARE(decodedCacheStats().misses, before.misses + 1);
    // Rewritten in place (same inode): the modification time tells.
    writeGzip(src, randomBytes(5000, 4), std::chrono::minutes(30));
    QCOMPARE(readFileBytes(src), randomBytes(5000, 4));
    QCOMPARE(readFileBytes(src), randomBytes(5000, 4));
    QCOMPARE(decodedCacheStats().hits, before.hits + 1);
  }

  void aCorruptEntryIsRebuilt_data() {
    QTest::addColumn<QString>("damage");
    QTest::newRow("decoded byte flipped") << "flip-last";
    QTest::newRow("header byte flipped") << "flip-header";
    QTest::newRow("cut short") << "truncate";
    QTest::newRow("not an entry") << "garbage";
    QTest::newRow("empty") << "empty";
  }
  void aCorruptEntryIsRebuilt() {
    QFETCH(QString, damage);
    const std::string src = m_data + "/c.gz", content = randomBytes(20000, 5);
    writeGzip(src, content);
    QCOMPARE(readFileBytes(src), content);
    const fs::path entry = entries(m_cache).at(0);
    const auto size = fs::file_size(entry);
    if (damage == "flip-last") flipByte(entry, 1);
    if (damage == "flip-header") flipByte(entry, static_cast<std::streamoff>(size - 20));
    if (damage == "truncate") fs::resize_file(entry, size - 100);
    if (damage == "garbage") std::ofstream(entry, std::ios::binary | std::ios::trunc) << std::string(size, 'x');
    if (damage == "empty") std::ofstream(entry, std::ios::trunc);
    const auto before = decodedCacheStats();
    std::vector<std::string> warnings;
    setWarningHandler([&](const std::string& m) { warnings.push_back(m); });
    QCOMPARE(readFileBytes(src), content);
    setWarningHandler({});
    QCOMPARE(warnings.size(), size_t{1});
    QVERIFY2(warnings[0].find(entry.string() + " for " + fs::absolute(src).string() + " is corrupt") != std::string::npos,
             warnings[0].c_str());
    QCOMPARE(decodedCacheStats().rebuilt, before.rebuilt + 1);
    QCOMPARE(decodedCacheStats().hits, before.hits);
    QCOMPARE(readFileBytes(src), content);  // the rebuilt entry serves
    QCOMPARE(decodedCacheStats().hits, before.hits + 1);
  }

  void unwritableOrOffCacheStillReads() {
    const std::string src = m_data + "/d.gz", content = randomBytes(1000, 6);
    writeGzip(src, content);
    std::ofstream(m_data + "/plain-file") << "x";
    useCache(m_data + "/plain-file/cache");  // cannot be created
    auto before = decodedCacheStats();
    QCOMPARE(readFileBytes(src), content);
    QCOMPARE(decodedCacheStats().writeFailures, before.writeFailures + 1);
    useCache("off");
    QVERIFY(!decodedCacheDirectory());
    before = decodedCacheStats();
    QCOMPARE(readFileBytes(src), content);
    QCOMPARE(readFileBytes(src), content);
    QCOMPARE(decodedCacheStats().hits, before.hits);
    QCOMPARE(decodedCacheStats().misses, before.misses);
    QVERIFY(entries(m_cache).empty());
  }

  void justModifiedFilesAreNotCached() {
    const std::string src = m_data + "/fresh.gz";
    writeGzip(src, randomBytes(1000, 11), std::chrono::seconds(0));
    const auto before = decodedCacheStats();
    QCOMPARE(readFileBytes(src), randomBytes(1000, 11));
    QCOMPARE(decodedCacheStats().misses, before.misses);
    QVERIFY(entries(m_cache).empty());
    fs::last_write_time(src, fs::file_time_type::clock::now() - std::chrono::seconds(3));
    QCOMPARE(readFileBytes(src), randomBytes(1000, 11));
    QCOMPARE(entries(m_cache).size(), size_t{1});
  }

  void plainFilesAreNotCached() {
    const std::string src = m_data + "/e.csv";
    std::ofstream(src) << "a,b\n1,2\n";
    QCOMPARE(readFileBytes(src), std::string("a,b\n1,2\n"));
    QVERIFY(entries(m_cache).empty());
  }

  void concurrentReadersAgree() {
    const std::string src = m_data + "/f.gz", content = randomBytes(2000000, 7);
    writeGzip(src, content);
    std::vector<std::thread> threads;
    std::atomic<int> wrong{0};
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < 3; ++i)
          if (readFileBytes(src) != content) ++wrong;
      });
    for (auto& t : threads) t.join();
    QCOMPARE(wrong.load(), 0);
    const auto files = entries(m_cache);
    QCOMPARE(files.size(), size_t{1});  // no temporaries left
    QCOMPARE(files[0].extension().string(), std::string(".bin"));
    const auto before = decodedCacheStats();
    QCOMPARE(readFileBytes(src), content);
    QCOMPARE(decodedCacheStats().hits, before.hits + 1);
  }

  void entriesOfDeletedSourcesArePruned() {
    const std::string gone = m_data + "/gone.gz", kept = m_data + "/kept.gz";
    writeGzip(gone, randomBytes(100, 8));
    writeGzip(kept, randomBytes(100, 9));
    readFileBytes(gone);
    readFileBytes(kept);
    QCOMPARE(entries(m_cache).size(), size_t{2});
    fs::remove(gone);
    const std::string other = m_data + "/other.gz";
    writeGzip(other, randomBytes(100, 10));
    readFileBytes(other);  // a store prunes
    QCOMPARE(entries(m_cache).size(), size_t{2});
    QCOMPARE(readFileBytes(kept), randomBytes(100, 9));
  }
};

QTEST_GUILESS_MAIN(TestDecodedCache)
#include "tst_decoded_cache.moc"
