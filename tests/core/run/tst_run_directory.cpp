// SPDX-License-Identifier: GPL-3.0-or-later
// The one run-directory reader: what the writers write reads back whole, strict
// mode refuses any corrupt file, lenient mode keeps the rest and says what it
// skipped, and sweep_cell.json round-trips values that hold quotes, commas and
// brackets (the old sweep reader split them on quotes).
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include "core/config/ConfigLoader.h"
#include "core/run/ProbeCsv.h"
#include "core/run/RunDirectory.h"
#include "core/sweep/SweepResults.h"
#include "core/util/Error.h"
#include "core/util/Json.h"
#include "tests/support/TestData.h"

using namespace comet;

namespace {

ProbeReport sampleProbe() {
  ProbeReport r;
  r.epoch = 2;
  r.examples = 3;
  r.numClasses = 2;
  r.classNames = {"T-shirt/top", "Trouser"};
  LayerProbe lp;
  lp.layer = 1;
  lp.usage.width = 4;
  lp.usage.k = 2;
  lp.usage.frequency = {1, 0.5, 0.5, 0};
  lp.usage.classFrequency = {1, 1, 0, 0, 1, 0, 1, 0};
  lp.usage.dead = 1;
  lp.usage.alwaysOn = 1;
  lp.overlap.classMean = {0.5f, 0.25f, 0.25f, 0.75f};
  lp.overlap.pairLabels = {0, 0, 1};
  lp.overlap.examples = {1, 0.5f, 0.25f, 0.5f, 1, 0.125f, 0.25f, 0.125f, 1};
  lp.overlap.bins = {{0, 0.5, 2, 0.25}, {0.5, 1, 1, 0.5}};
  lp.overlap.sampleCosine = {0.1f, 0.9f};
  lp.overlap.sampleJaccard = {0.2f, 0.6f};
  lp.overlap.meanJaccard = 0.375;
  lp.overlap.similarityCorrelation = 0.5;
  r.layers.push_back(lp);
  return r;
}

}  // namespace

class TestRunDirectory : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir m_tmp;

  // A run directory as the writers leave it (no training needed).
  std::string makeRun(const QString& name) {
    const std::string dir = (m_tmp.path() + "/" + name).toStdString();
    std::filesystem::create_directories(dir);
    ExperimentConfig c;
    c.name = "reader";
    c.model.pk = 0.25;
    testing::writeBytes(dir + "/config.yaml", toYaml(c));
    JsonObject s;
    s.add("name", "reader").add("method", "comet").add("epochs_done", int64_t{2}).add("steps_done", int64_t{4})
        .add("test_acc", 0.5).add("test_loss", std::nan("")).add("seconds", 1.5).add("status", "stopped")
        .add("message", "stopped by \"Ctrl+C\"");
    testing::writeBytes(dir + "/summary.json", s.str(true) + "\n");
    testing::writeBytes(dir + "/metrics.csv",
                        "epoch,step,train_loss,train_acc,val_loss,val_acc,seconds\n"
                        "1,2,0.9,0.5,null,null,0.5\n2,4,0.7,0.6,0.8,0.55,1\n");
    testing::writeBytes(dir + "/steps.csv", "step,epoch,loss\n1,1,1.0\n2,1,0.9\n3,2,null\n4,2,0.7\n");
    writeProbeCsv(sampleProbe(), dir + "/probe");
    SweepCell cell;
    cell.index = 7;
    cell.name = "0007_width=[100,100]";
    cell.assignments = {{"model.width", "[100,100]"}, {"name", "say \"a,b\""}, {"seed", "1"}};
    writeCellMarker(dir, cell);
    testing::writeBytes(dir + "/checkpoint.pt", "x");
    return dir;
  }

 private Q_SLOTS:
  void readsWhatTheWritersWrite() {
    const RunDirectory d = readRunDirectory(makeRun("whole"));
    QCOMPARE(d.config.name, std::string("reader"));
    QCOMPARE(d.config.model.pk, 0.25);
    QCOMPARE(toString(d.summary.status), std::string("stopped"));
    QCOMPARE(d.summary.message, std::string("stopped by \"Ctrl+C\""));
    QCOMPARE(d.summary.epochsDone, int64_t{2});
    QCOMPARE(d.summary.testAcc, 0.5);
    QVERIFY(std::isnan(d.summary.testLoss));
    QCOMPARE(d.summary.seconds, 1.5);
    QCOMPARE(d.epochs.size(), size_t{2});
    QVERIFY(std::isnan(d.epochs[0].valLoss));
    QCOMPARE(d.steps.size(), size_t{4});
    QCOMPARE(d.steps[3].step, int64_t{4});
    QCOMPARE(d.steps[3].epoch, int64_t{2});
    QVERIFY(std::isnan(d.steps[2].loss));
    QVERIFY(d.hasCheckpoint);
    QVERIFY(d.problems.empty());

    const ProbeReport want = sampleProbe();
    const ProbeReport& p = d.probe;
    QCOMPARE(p.epoch, int64_t{2});  // the summary's epochs_done
    QCOMPARE(p.examples, int64_t{3});
    QCOMPARE(p.classNames, want.classNames);
    QCOMPARE(p.layers.size(), size_t{1});
    const auto& lp = p.layers[0];
    QCOMPARE(lp.usage.k, int64_t{2});
    QCOMPARE(lp.usage.dead, int64_t{1});
    QCOMPARE(lp.usage.frequency, want.layers[0].usage.frequency);
    QCOMPARE(lp.usage.classFrequency, want.layers[0].usage.classFrequency);
    QCOMPARE(lp.overlap.classMean, want.layers[0].overlap.classMean);
    QCOMPARE(lp.overlap.pairLabels, want.layers[0].overlap.pairLabels);
    QCOMPARE(lp.overlap.examples, want.layers[0].overlap.examples);
    QCOMPARE(lp.overlap.bins.size(), size_t{2});
    QCOMPARE(lp.overlap.bins[1].pairs, int64_t{1});
    QCOMPARE(lp.overlap.sampleJaccard, want.layers[0].overlap.sampleJaccard);
    QCOMPARE(lp.overlap.meanJaccard, 0.375);

    QVERIFY(d.cell.has_value());
    QCOMPARE(d.cell->index, int64_t{7});
    QCOMPARE(d.cell->name, std::string("0007_width=[100,100]"));
    const std::vector<std::pair<std::string, std::string>> assignments = {
        {"model.width", "[100,100]"}, {"name", "say \"a,b\""}, {"seed", "1"}};
    QCOMPARE(d.cell->assignments, assignments);
  }

  // The sweep table reads the marker through the same parser: the values survive.
  void sweepRowsKeepEscapedValues() {
    const std::string sweep = (m_tmp.path() + "/sweep").toStdString();
    std::filesystem::create_directories(sweep);
    std::filesystem::rename(makeRun("cell"), sweep + "/0007");
    const auto rows = scanSweep(sweep);
    QCOMPARE(rows.size(), size_t{1});
    QCOMPARE(rows[0].index, int64_t{7});
    QCOMPARE(rows[0].assignments.size(), size_t{3});
    QCOMPARE(rows[0].assignments[0].second, std::string("[100,100]"));
    QCOMPARE(rows[0].assignments[1].second, std::string("say \"a,b\""));
    QCOMPARE(rows[0].status(), std::string("stopped"));
    QVERIFY(sweepCsv(rows).find("\"say \"\"a,b\"\"\"") != std::string::npos);  // CSV-quoted once
  }

  void strictRefusesLenientSkips() {
    const std::string dir = makeRun("corrupt");
    testing::writeBytes(dir + "/steps.csv", "step,epoch,loss\n1,1,1.0\n2,x,0.9\n");
    testing::writeBytes(dir + "/probe/overlap_examples_layer1.csv", "label,e0,e1\n0,1,0.5\n");  // 1 row, 2 columns
    try {
      readRunDirectory(dir);
      QFAIL("strict mode accepted a corrupt steps.csv");
    } catch (const RunError& e) {
      QVERIFY2(QString(e.what()).contains("steps.csv:3: expected step,epoch"), e.what());
    }
    const RunDirectory d = readRunDirectory(dir, ReadMode::Lenient);
    QCOMPARE(d.epochs.size(), size_t{2});  // the good files are read
    QVERIFY(d.steps.empty());
    QVERIFY(d.probe.layers.empty());
    QCOMPARE(d.problems.size(), size_t{2});
    QVERIFY2(QString::fromStdString(d.problems[0]).contains("steps.csv:3"), d.problems[0].c_str());
    QVERIFY2(QString::fromStdString(d.problems[1]).contains("overlap_examples_layer1.csv: 1 rows for 2 columns"),
             d.problems[1].c_str());
    // config.yaml and summary.json make the folder a run in both modes.
    testing::writeBytes(dir + "/summary.json", "{\"status\": ");
    QVERIFY_THROWS_EXCEPTION(RunError, readRunDirectory(dir, ReadMode::Lenient));
  }

  // Probe folders written before summary.csv had the examples column.
  void olderProbeHasNoExampleCount() {
    const std::string dir = makeRun("older");
    testing::writeBytes(dir + "/probe/summary.csv",
                        "layer,width,k,dead,always_on,mean_frequency,mean_jaccard,similarity_r\n1,4,2,1,1,0.5,0.375,0.5\n");
    const RunDirectory d = readRunDirectory(dir);
    QCOMPARE(d.probe.examples, int64_t{-1});
    QCOMPARE(d.probe.layers.size(), size_t{1});
  }

  void parsersNameThePlace() {
    QVERIFY_THROWS_EXCEPTION(RunError, parseStepsCsv("step,loss\n", "s.csv"));
    QVERIFY_THROWS_EXCEPTION(RunError, parseCellMarker("{\"name\": \"x\"}", "m.json"));  // no index
    QVERIFY_THROWS_EXCEPTION(RunError, parseCellMarker("{\"index\": 1, \"assignments\": [\"novalue\"]}", "m.json"));
    try {
      parseNumericCsv("a,b\n1,2\n3,x\n", "t.csv");
      QFAIL("accepted");
    } catch (const RunError& e) {
      QCOMPARE(QString(e.what()), QString("t.csv:3: column 2 ('b'): 'x' is not a number"));
    }
  }
};

QTEST_GUILESS_MAIN(TestRunDirectory)
#include "tst_run_directory.moc"
