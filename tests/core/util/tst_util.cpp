// SPDX-License-Identifier: GPL-3.0-or-later
// core/util, directly: JSON as the run directory writes and reads it, UTF-8
// validation, did-you-mean, whole-file reads and atomic writes. Torch-free: links
// comet_api only.
#include <QTemporaryDir>
#include <cmath>
#include <QtTest>

#include <sys/resource.h>

#include <cstdlib>

#include "core/train/LrSchedule.h"
#include "core/util/Allocator.h"
#include "core/util/AtomicFile.h"
#include "core/util/EditDistance.h"
#include "core/util/Error.h"
#include "core/util/Json.h"
#include "core/util/Utf8.h"

using namespace comet;

class TestUtil : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // The learning-rate schedule: linear warm-up, then constant or cosine down to
  // final_lr_fraction at the last step.
  // glibc by default maps every block above 32 MiB afresh, so writing a new one
  // faults in all its pages (12,288 for 48 MiB) each time; kept for reuse, the
  // next block of that size is the same memory.
  void largeBlocksAreReused() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    QSKIP("a sanitizer's allocator replaces glibc's");
#endif
    if (qEnvironmentVariable("COMET_MALLOC") == "system") QSKIP("COMET_MALLOC=system keeps glibc's defaults");
    QVERIFY(keepLargeBlocksForReuse());
    const size_t bytes = size_t{48} << 20;
    const auto fill = [&] {
      auto* p = static_cast<volatile char*>(std::malloc(bytes));
      QVERIFY(p != nullptr);
      for (size_t i = 0; i < bytes; i += 4096) p[i] = 1;
      std::free(const_cast<char*>(p));
    };
    fill();
    rusage before{}, after{};
    getrusage(RUSAGE_SELF, &before);
    for (int i = 0; i < 3; ++i) fill();
    getrusage(RUSAGE_SELF, &after);
    const long faults = after.ru_minflt - before.ru_minflt;
    QVERIFY2(faults < 2000, qPrintable(QString("%1 page faults for three 48 MiB blocks").arg(faults)));
  }

  void lrSchedule() {
    TrainConfig c;
    QCOMPARE(lrFactor(c, 0, 100), 1.0);
    QCOMPARE(lrFactor(c, 99, 100), 1.0);
    c.warmupSteps = 4;
    QCOMPARE(lrFactor(c, 0, 100), 0.25);
    QCOMPARE(lrFactor(c, 3, 100), 1.0);
    QCOMPARE(lrFactor(c, 50, 100), 1.0);
    c.lrSchedule = "cosine";
    c.finalLrFraction = 0.1;
    QCOMPARE(lrFactor(c, 1, 100), 0.5);        // still warming up
    QCOMPARE(lrFactor(c, 4, 100), 1.0);        // the first step after warm-up
    QVERIFY(std::abs(lrFactor(c, 99, 100) - 0.1) < 1e-12);  // the last step
    const double middle = lrFactor(c, 4 + 95 / 2, 100);
    QVERIFY(std::abs(middle - (0.1 + 0.9 * 0.5 * (1 + std::cos(M_PI * 47.0 / 95.0)))) < 1e-12);
    for (int64_t s = 5; s < 100; ++s) QVERIFY(lrFactor(c, s, 100) <= lrFactor(c, s - 1, 100));
    c.warmupSteps = 0;
    QCOMPARE(lrFactor(c, 0, 1), 1.0);  // a one-step run
  }

  void jsonObjectRoundTrips() {
    JsonObject j;
    j.add("text", std::string("quote \" backslash \\ newline \n tab \t bell \x07"))
        .add("nan", std::nan(""))
        .add("n", int64_t{42})
        .add("yes", true)
        .addRaw("list", "[" + jsonQuote("a,b") + ",1]");
    for (bool pretty : {false, true}) {
      const auto fields = parseFlatJson(j.str(pretty));
      QCOMPARE(fields.size(), size_t{5});
      QCOMPARE(fields[0].second, std::string("quote \" backslash \\ newline \n tab \t bell \x07"));
      QCOMPARE(fields[1].second, std::string("null"));
      QCOMPARE(fields[2].second, std::string("42"));
      QCOMPARE(fields[3].second, std::string("true"));
      const std::vector<std::string> list = {"a,b", "1"};
      QCOMPARE(parseJsonArray(fields[4].second), list);
    }
  }

  void jsonArraysAndEscapes() {
    const auto items = parseJsonArray("[\"a\\\"b\", \"c\\\\d\", \"\\u00e9\", \"[1,2]\", 3, null]");
    const std::vector<std::string> want = {"a\"b", "c\\d", "\xc3\xa9", "[1,2]", "3", "null"};
    QCOMPARE(items, want);
    // An array value keeps its text whole, brackets inside strings included.
    const auto fields = parseFlatJson("{\"a\": [\"x]\", \"y\"], \"b\": 1}");
    QCOMPARE(fields.size(), size_t{2});
    QCOMPARE(fields[0].second, std::string("[\"x]\", \"y\"]"));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, parseFlatJson("{\"a\": 1} trailing"));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, parseJsonArray("[\"a\", [1]]"));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, parseJsonArray("[\"\\uZZZZ\"]"));
    try {
      parseFlatJson("{\"a\": ");
      QFAIL("accepted");
    } catch (const std::runtime_error& e) {
      QCOMPARE(QString(e.what()), QString("byte offset 6: expected a value"));
    }
  }

  void utf8() {
    QVERIFY(!firstInvalidUtf8("plain ASCII, \xc3\xa9t\xc3\xa9").has_value());
    QCOMPARE(firstInvalidUtf8("ok \xe9t\xe9").value_or(99), size_t{3});   // Latin-1 é
    QCOMPARE(firstInvalidUtf8("ab\xc3").value_or(99), size_t{2});         // truncated sequence
  }

  void didYouMean() {
    const std::vector<std::string> keys = {"model.width", "model.method", "train.epochs"};
    QCOMPARE(closestMatch("model.widht", keys), std::string("model.width"));
    QCOMPARE(closestMatch("train.epoch", keys), std::string("train.epochs"));
    QCOMPARE(closestMatch("something.else.entirely", keys), std::string());
  }

  void atomicWriteAndWholeRead() {
    QTemporaryDir tmp;
    const std::string path = (tmp.path() + "/f.txt").toStdString();
    writeFileAtomically(path, std::string("one\0two", 7));
    QCOMPARE(readWholeFile(path), std::string("one\0two", 7));
    writeFileAtomically(path, "replaced");
    QCOMPARE(readWholeFile(path), std::string("replaced"));
    QCOMPARE(QDir(tmp.path()).entryList(QDir::Files).size(), 1);  // no temporary left behind
    try {
      readWholeFile(path + ".missing");
      QFAIL("read a missing file");
    } catch (const RunError& e) {
      QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(path + ".missing: cannot open the file")), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(RunError, writeFileAtomically((tmp.path() + "/no/such/dir/f").toStdString(), "x"));
  }
};

QTEST_GUILESS_MAIN(TestUtil)
#include "tst_util.moc"
