// SPDX-License-Identifier: GPL-3.0-or-later
// Sweeps: grid and random expansion, cell indexing, errors that name the line,
// resuming (complete cells are skipped), sweep.csv and the report table.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include "core/run/ExperimentRun.h"
#include "core/sweep/Sweep.h"
#include "core/sweep/SweepGrid.h"
#include "core/sweep/SweepResults.h"
#include "core/util/Error.h"
#include "tests/support/TestData.h"

using namespace comet;
namespace fs = std::filesystem;

class TestSweep : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir m_tmp;
  std::string m_dir;

  std::string writeSweep(const std::string& name, const std::string& body) {
    const std::string path = m_dir + "/" + name;
    testing::writeBytes(path, body);
    return path;
  }

  QString errorOf(const std::string& path) {
    try {
      loadSweep(path);
    } catch (const ConfigError& e) {
      return QString::fromStdString(e.what());
    }
    return {};
  }

 private Q_SLOTS:
  void initTestCase() {
    m_dir = m_tmp.path().toStdString();
    testing::writeIdxFolder(m_dir + "/idx", 120, 40, false);
    testing::writeBytes(m_dir + "/base.yaml", "name: tiny\ndata: {dataset: idx, root: " + m_dir +
                                                  "/idx}\nmodel: {width: 8}\ntrain: {epochs: 1, batch_size: 16}\n"
                                                  "probe: {enabled: false}\n");
  }

  void gridTimesSeeds() {
    const auto path = writeSweep("grid.yaml",
                                 "experiment: base.yaml\n"
                                 "config:\n  train: {lr: 0.01}\n"
                                 "grid:\n  model.pk: [0.1, 0.5]\n  model.method: [standard, comet]\n"
                                 "seeds: [3, 4]\n");
    const Sweep s = loadSweep(path);
    QCOMPARE(s.name, std::string("grid"));
    QCOMPARE(s.cells.size(), size_t{8});
    QCOMPARE(s.sweptKeys, (std::vector<std::string>{"model.pk", "model.method", "seed"}));
    // First key outermost, seeds innermost.
    const auto& c5 = s.cells[5];
    QCOMPARE(c5.index, int64_t{5});
    QCOMPARE(c5.config.model.pk, 0.5);
    QCOMPARE(c5.config.model.method, std::string("standard"));
    QCOMPARE(c5.config.seed, uint64_t{4});
    QCOMPARE(c5.config.train.lr, 0.01);                  // inline config applies to every cell
    QCOMPARE(c5.config.train.epochs, int64_t{1});         // from the experiment file
    QCOMPARE(c5.name, std::string("0005_pk=0.5_method=standard_seed=4"));
    QCOMPARE(loadSweep(path).cells[7].name, s.cells[7].name);  // stable across loads
    // Command-line overrides reach every cell.
    QCOMPARE(loadSweep(path, {"train.epochs=2"}).cells[0].config.train.epochs, int64_t{2});
  }

  void randomSearch() {
    const auto path = writeSweep("random.yaml",
                                 "experiment: base.yaml\n"
                                 "random:\n  samples: 5\n  seed: 1\n  keys:\n"
                                 "    train.lr: {log_uniform: [1.0e-4, 1.0e-2]}\n"
                                 "    model.activation: {choice: [relu, gelu]}\n"
                                 "    train.batch_size: {int_uniform: [8, 12]}\n");
    const Sweep s = loadSweep(path);
    QCOMPARE(s.cells.size(), size_t{5});
    std::set<double> lrs;
    for (const auto& c : s.cells) {
      QVERIFY(c.config.train.lr >= 1e-4 && c.config.train.lr <= 1e-2);
      QVERIFY(c.config.model.activation == "relu" || c.config.model.activation == "gelu");
      QVERIFY(c.config.train.batchSize >= 8 && c.config.train.batchSize <= 12);
      lrs.insert(c.config.train.lr);
    }
    QCOMPARE(lrs.size(), size_t{5});
    QCOMPARE(loadSweep(path).cells[3].config.train.lr, s.cells[3].config.train.lr);  // seeded
  }

  void errorsNameTheLine() {
    QVERIFY(errorOf(writeSweep("e1.yaml", "experiment: base.yaml\ngrid:\n  model.pk: [0.5, 1.5]\n"))
                .contains("e1.yaml:3:19: key 'model.pk': 1.5 is out of range"));
    QVERIFY(errorOf(writeSweep("e2.yaml", "grid:\n  model.pkk: [0.5]\n")).contains("e2.yaml:2:3: grid key 'model.pkk' is not a config key"));
    QVERIFY(errorOf(writeSweep("e3.yaml", "grids:\n  model.pk: [0.5]\n")).contains("e3.yaml:1:1: unknown sweep key 'grids'"));
    QVERIFY(errorOf(writeSweep("e4.yaml", "seeds: -2\n")).contains("'seeds' must be a positive count"));
    QVERIFY(errorOf(writeSweep("e5.yaml", "experiment: missing.yaml\n")).contains("missing.yaml: cannot open the experiment file"));
    QVERIFY(errorOf(writeSweep("e6.yaml", "grid:\n  model.pk: [0.1]\n  model.pk: [0.5]\n"))
                .contains("e6.yaml:3:3: key 'model.pk' appears twice in one mapping (first at line 2)"));
    // On the grid and drawn at random: every cell would take the draw (identical cells).
    QVERIFY(errorOf(writeSweep("e7.yaml", "experiment: base.yaml\ngrid:\n  model.pk: [0.1, 0.5]\n"
                                          "random:\n  samples: 2\n  keys:\n    model.pk: {uniform: [0.05, 0.9]}\n"))
                .contains("e7.yaml:7:5: 'model.pk' is both a grid key and a random key"));
  }

  void resumeSkipsCompleteCellsAndReports() {
    const auto path = writeSweep("run.yaml", "experiment: base.yaml\ngrid:\n  model.method: [standard, comet]\nseeds: 2\n");
    const Sweep s = loadSweep(path);
    const std::string out = m_dir + "/out";
    std::atomic<bool> stop{false};
    // Cells 0 and 2 complete; cell 1 "interrupted" (stopped before its first step).
    for (int i : {0, 2}) {
      ExperimentRun run{s.cells[static_cast<size_t>(i)].config, out + "/" + s.cells[static_cast<size_t>(i)].name, {}};
      writeCellMarker(run.directory, s.cells[static_cast<size_t>(i)]);
      QCOMPARE(toString(runExperiment(run, stop).status), std::string("completed"));
    }
    {
      std::atomic<bool> stopNow{true};
      ExperimentRun run{s.cells[1].config, out + "/" + s.cells[1].name, {}};
      writeCellMarker(run.directory, s.cells[1]);
      QCOMPARE(toString(runExperiment(run, stopNow).status), std::string("stopped"));
    }
    const auto dir = [&](int i) { return out + "/" + s.cells[static_cast<size_t>(i)].name; };
    QCOMPARE(cellState(dir(0), s.cells[0]), CellState::Finished);
    QCOMPARE(cellState(dir(2), s.cells[2]), CellState::Finished);
    QCOMPARE(cellState(dir(3), s.cells[3]), CellState::Pending);  // never started
    // Stopped with a checkpoint: resumed, not restarted.
    QVERIFY(fs::exists(dir(1) + "/checkpoint.pt"));
    QCOMPARE(cellState(dir(1), s.cells[1]), CellState::Resumable);
    // A changed sweep does not count an old run as its own.
    QCOMPARE(cellState(dir(0), loadSweep(path, {"train.lr=0.5"}).cells[0]), CellState::Pending);
    QCOMPARE(cellState(dir(1), loadSweep(path, {"train.lr=0.5"}).cells[1]), CellState::Pending);
    // How the status in summary.json decides (the experiment being the same).
    const std::string summary = testing::readBytes(dir(1) + "/summary.json");
    const auto withStatus = [&](const std::string& status) {
      std::string text = summary;
      text.replace(text.find("\"stopped\""), 9, "\"" + status + "\"");
      testing::writeBytes(dir(1) + "/summary.json", text);
      return cellState(dir(1), s.cells[1]);
    };
    QCOMPARE(withStatus("running"), CellState::Resumable);   // killed: the summary still says running
    QCOMPARE(withStatus("diverged"), CellState::Finished);   // deterministic: a re-run diverges again
    QCOMPARE(withStatus("failed"), CellState::Pending);
    QCOMPARE(withStatus("stopped"), CellState::Resumable);
    fs::rename(dir(1) + "/checkpoint.pt", dir(1) + "/checkpoint.moved");
    QCOMPARE(cellState(dir(1), s.cells[1]), CellState::Pending);  // killed before its first checkpoint
    fs::rename(dir(1) + "/checkpoint.moved", dir(1) + "/checkpoint.pt");

    const auto rows = scanSweep(out);
    QCOMPARE(rows.size(), size_t{3});
    QCOMPARE(rows[1].status(), std::string("stopped"));
    QCOMPARE(rows[2].assignments, (std::vector<std::pair<std::string, std::string>>{{"model.method", "comet"}, {"seed", "0"}}));
    const QString csv = QString::fromStdString(sweepCsv(rows));
    QVERIFY(csv.startsWith("index,model.method,seed,status,method,width,pk,test_acc,"));
    QCOMPARE(csv.count('\n'), 4);
    const auto report = sweepReport(rows);
    QVERIFY(QString::fromStdString(report.markdown).contains("| standard |"));
    QVERIFY(QString::fromStdString(report.markdown).contains("**"));  // one best per column
    QCOMPARE(QString::fromStdString(report.csv).count('\n'), 3);      // header + standard + comet (completed only)

    // The Figure 4 grid data: one panel (pk and width not swept), one series per method.
    const SweepGrid grid = sweepGrid(rows, "val_acc");
    QCOMPARE(grid.rowValues, std::vector<std::string>{"0.5"});
    QCOMPARE(grid.columnValues, std::vector<std::string>{"8"});
    QCOMPARE(grid.seriesValues, (std::vector<std::string>{"standard", "comet"}));
    const auto& standard = grid.panel(0, 0).series[0];
    QCOMPARE(standard.seeds, 1);  // seed 1 was stopped before finishing an epoch: nothing to draw
    QCOMPARE(standard.epochs, std::vector<double>{1.0});
    QVERIFY(standard.low[0] <= standard.middle[0] && standard.middle[0] <= standard.high[0]);
    QCOMPARE(standard.middle[0], (standard.low[0] + standard.high[0]) / 2);
  }

  // Mixtures of experts: rows are gates; multi-task runs get one table per task.
  void multiTaskReportHasATablePerTask() {
    std::vector<SweepRow> rows;
    const char* gates[] = {"topk", "comet_tree"};
    for (int g = 0; g < 2; ++g)
      for (int seed = 0; seed < 2; ++seed) {
        SweepRow r;
        r.index = g * 2 + seed;
        r.assignments = {{"model.gate", gates[g]}, {"model.local_search", "false"}, {"seed", std::to_string(seed)}};
        r.summary = {{"status", "completed"}, {"method", "standard"}, {"gate", gates[g]},
                     {"tasks", "[\"top_left\",\"bottom_right\"]"}, {"test_acc", "0.5"},
                     {"top_left/test_acc", g == 0 ? "0.80" : "0.90"}, {"bottom_right/test_acc", seed ? "0.7" : "0.6"}};
        rows.push_back(r);
      }
    const auto report = sweepReport(rows);
    const QString md = QString::fromStdString(report.markdown);
    QVERIFY2(md.contains("Final top_left/test_acc") && md.contains("Final bottom_right/test_acc"), qPrintable(md));
    QVERIFY2(md.contains("| comet_tree | **90.00") && md.contains("| topk | 80.00"), qPrintable(md));
    QVERIFY2(md.contains("| gate |") && !md.contains("| method |"), qPrintable(md));  // the rows are gates
    QVERIFY2(md.contains("65.00 ± 7.07"), qPrintable(md));  // mean +- sample std over the two seeds
    const QString csv = QString::fromStdString(report.csv);
    QVERIFY(csv.startsWith("metric,method,column,seeds,mean,std,best\n"));
    QCOMPARE(csv.count('\n'), 5);  // header + 2 gates x 2 tasks
  }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
