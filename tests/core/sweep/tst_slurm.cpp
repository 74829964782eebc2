// SPDX-License-Identifier: GPL-3.0-or-later
// Sweeps on Slurm without a cluster (torch-free): the --array value, the job-array
// script (its exec line run by bash against a stand-in comet), sbatch's and
// squeue's output, the Slurm options' checks, sweep.json, and where each cell
// stands for `comet sweep --status`. tests/slurm/slurm_sweep.sh runs the real thing.
#include <QTemporaryDir>
#include <QtTest>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/config/ConfigLoader.h"
#include "core/sweep/Slurm.h"
#include "core/sweep/Sweep.h"
#include "core/sweep/SweepStatus.h"
#include "core/util/AtomicFile.h"
#include "core/util/DirectoryLock.h"
#include "core/util/Error.h"
#include "core/util/Json.h"

using namespace comet;
namespace fs = std::filesystem;

class TestSlurm : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir m_tmp;
  std::string m_dir;

  static std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  Sweep sixCells() {
    writeFileAtomically(m_dir + "/base.yaml",
                        "name: tiny\ndata: {dataset: idx, root: " + m_dir + "/idx}\nmodel: {width: 8}\n"
                        "train: {epochs: 3}\nprobe: {enabled: false}\n");
    writeFileAtomically(m_dir + "/six.yaml", "experiment: base.yaml\ngrid:\n  model.method: [standard, comet, topk]\nseeds: 2\n");
    return loadSweep(m_dir + "/six.yaml");
  }

  // A cell's directory as a run would leave it: config.yaml, summary.json (status,
  // epochs done, test accuracy, message), optionally checkpoint.pt.
  static void fakeRun(const std::string& dir, const ExperimentConfig& config, const std::string& status,
                      int64_t epochsDone, bool checkpoint, const std::string& message = "") {
    fs::create_directories(dir);
    writeFileAtomically(dir + "/config.yaml", toYaml(config));
    JsonObject j;
    j.add("epochs_done", epochsDone).add("test_acc", status == "completed" ? 0.75 : kNaN()).add("status", status).add("message", message);
    writeFileAtomically(dir + "/summary.json", j.str(true));
    if (checkpoint) writeFileAtomically(dir + "/checkpoint.pt", "not read by the status");
  }
  static double kNaN() { return std::nan(""); }

 private Q_SLOTS:
  void initTestCase() { m_dir = m_tmp.path().toStdString(); }

  void arraySpec() {
    QCOMPARE(slurmArraySpec({3, 0, 1, 2, 5, 9, 7, 8, 5}), std::string("0-3,5,7-9"));
    QCOMPARE(slurmArraySpec({4}), std::string("4"));
    QCOMPARE(slurmArraySpec({4, 6}, 2), std::string("4,6%2"));
    QCOMPARE(slurmArraySpec({}), std::string(""));
  }

  void optionsAreChecked() {
    const auto error = [](SlurmOptions o) -> QString {
      try {
        validateSlurmOptions(o);
      } catch (const std::invalid_argument& e) {
        return e.what();
      }
      return {};
    };
    for (const char* t : {"30", "30:00", "2:00:00", "1-12", "1-12:30", "1-12:30:00"}) {
      SlurmOptions o;
      o.time = t;
      QVERIFY2(error(o).isEmpty(), t);
    }
    for (const char* t : {"2h", "1:2:3:4", "-5", "1-", "abc"}) {
      SlurmOptions o;
      o.time = t;
      QVERIFY2(error(o).startsWith(QString("--time '") + t + "'"), t);
    }
    SlurmOptions m;
    m.mem = "4G";
    QVERIFY(error(m).isEmpty());
    m.mem = "4 GB";
    QVERIFY(error(m).contains("--mem '4 GB'"));
    SlurmOptions p;
    p.partition = "gpu;rm -rf";
    QVERIFY(error(p).contains("--partition"));
  }

  void scriptRunsTheCellOfItsTask() {
    SbatchJob job;
    job.sweepName = "fig4";
    job.comet = m_dir + "/fake comet";  // a space: the exec line quotes it
    job.sweepFile = m_dir + "/fig4.yaml";
    job.out = m_dir + "/runs/fig4";
    job.workdir = m_dir;
    job.overrides = {"train.lr=0.01", "name=it's \"quoted\" $HOME"};
    job.cells = {0, 1, 2, 3, 7};
    job.totalCells = 12;
    job.options.partition = "cpu";
    job.options.time = "2:00:00";
    job.options.cpusPerTask = 4;
    job.options.mem = "8G";
    job.options.maxParallel = 3;
    const std::string script = sbatchScript(job);
    for (const std::string& line : std::vector<std::string>{"#SBATCH --job-name=comet-fig4", "#SBATCH --array=0-3,7%3", "#SBATCH --chdir=" + m_dir,
          "#SBATCH --output=" + m_dir + "/runs/fig4/slurm/cell_%a.log", "#SBATCH --partition=cpu",
          "#SBATCH --time=2:00:00", "#SBATCH --cpus-per-task=4", "#SBATCH --mem=8G"})
      QVERIFY2(script.find("\n" + line + "\n") != std::string::npos, line.c_str());
    QCOMPARE(slurmLogFile(job.out, 7), m_dir + "/runs/fig4/slurm/cell_7.log");

    // bash runs it as a task would: the stand-in comet prints its arguments.
    writeFileAtomically(job.comet, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
    fs::permissions(job.comet, fs::perms::owner_all);
    writeFileAtomically(m_dir + "/job.sbatch", script);
    const std::string cmd = "cd " + shellQuote(m_dir) + " && SLURM_ARRAY_TASK_ID=7 SLURM_ARRAY_JOB_ID=41 "
                            "SLURM_CPUS_PER_TASK=4 bash job.sbatch > args.txt 2>&1";
    QCOMPARE(std::system(cmd.c_str()), 0);
    const std::string expected = "comet sweep: cell 7, job 41,";
    const std::string args = slurp(m_dir + "/args.txt");
    QVERIFY2(args.rfind(expected, 0) == 0, args.c_str());
    const std::string argv = args.substr(args.find('\n') + 1);
    QCOMPARE(argv, "sweep\n" + job.sweepFile + "\n--cell\n7\n--out\n" + job.out +
                       "\n--quiet\ntrain.lr=0.01\nname=it's \"quoted\" $HOME\ntrain.threads=4\n");
    // Without --cpus-per-task, Slurm gives one CPU: one thread.
    QCOMPARE(std::system(("cd " + shellQuote(m_dir) + " && SLURM_ARRAY_TASK_ID=0 bash job.sbatch > args.txt").c_str()), 0);
    QVERIFY(slurp(m_dir + "/args.txt").find("\ntrain.threads=1\n") != std::string::npos);
  }

  void sbatchAndSqueueOutput() {
    QCOMPARE(parseSbatchJobId("123\n"), std::string("123"));
    QCOMPARE(parseSbatchJobId("4567;cluster2\n"), std::string("4567"));
    QCOMPARE(parseSbatchJobId("sbatch: warning: can't honor --mem\n89\n"), std::string("89"));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, parseSbatchJobId("sbatch: error: Batch job submission failed\n"));
    const auto tasks = parseSqueueTasks("12_3 RUNNING\n12_[4-6,9%2] PENDING\n13_1 RUNNING\n99 RUNNING\n14_0 PENDING\n"
                                        "garbage\n",
                                        {"12", "14"});
    const std::map<int64_t, std::string> expected = {{0, "PENDING"}, {3, "RUNNING"}, {4, "PENDING"},
                                                     {5, "PENDING"}, {6, "PENDING"}, {9, "PENDING"}};
    QCOMPARE(tasks, expected);
  }

  void sweepRecordRoundTrips() {
    const Sweep sweep = sixCells();
    const std::string out = m_dir + "/record";
    fs::create_directories(out);
    QVERIFY(!readSweepRecord(out));
    writeSweepRecord(out, sweep, {"train.lr=0.5", "name=a \"b\", [c]"});
    const auto r = readSweepRecord(out);
    QVERIFY(r);
    QCOMPARE(r->file, fs::absolute(sweep.file).lexically_normal().string());
    QCOMPARE(r->overrides, (std::vector<std::string>{"train.lr=0.5", "name=a \"b\", [c]"}));
    QCOMPARE(r->cells, int64_t{6});
    writeFileAtomically(out + "/sweep.json", "{\"name\": \"x\", \"file\": ");
    try {
      readSweepRecord(out);
      QFAIL("a truncated sweep.json was accepted");
    } catch (const RunError& e) {
      QVERIFY2(QString(e.what()).contains(QString::fromStdString(out + "/sweep.json")), e.what());
    }
    appendSlurmJob(out, "17", "0-5");
    appendSlurmJob(out, "23", "3");
    QCOMPARE(readSlurmJobIds(out), (std::vector<std::string>{"17", "23"}));
  }

  void eachCellsState() {
    const Sweep s = sixCells();
    const std::string out = m_dir + "/status";
    const auto dir = [&](size_t i) { return out + "/" + s.cells[i].name; };
    fakeRun(dir(0), s.cells[0].config, "completed", 3, true);
    fakeRun(dir(1), s.cells[1].config, "stopped", 1, true);                     // resumable
    fakeRun(dir(2), s.cells[2].config, "failed", 0, false, "data: cannot open");
    fakeRun(dir(3), s.cells[3].config, "running", 0, false);                    // killed before a checkpoint
    ExperimentConfig other = s.cells[4].config;
    other.train.lr = 0.5;
    fakeRun(dir(4), other, "completed", 3, true);                               // another experiment
    // Cell 5 never started; its Slurm task wrote a log and ended.
    fs::create_directories(out + "/slurm");
    writeFileAtomically(slurmLogFile(out, 5), "comet sweep: cell 5\n/usr/bin/comet: not found\n\n");

    auto cells = sweepStatus(s, out);
    QCOMPARE(cells.size(), size_t{6});
    const std::vector<CellProgress> expected = {CellProgress::Done,   CellProgress::Stopped, CellProgress::Failed,
                                                CellProgress::Failed, CellProgress::Pending, CellProgress::Failed};
    for (size_t i = 0; i < cells.size(); ++i) QCOMPARE(toString(cells[i].progress), toString(expected[i]));
    QCOMPARE(cells[0].detail, std::string("test acc 75.00%"));
    QCOMPARE(cells[1].detail, std::string("stopped after 1 of 3 epochs; the next sweep resumes it"));
    QCOMPARE(cells[2].detail, std::string("data: cannot open"));
    QVERIFY(cells[3].detail.find("killed before its first checkpoint") != std::string::npos);
    QVERIFY(cells[4].detail.find("another experiment") != std::string::npos);
    QCOMPARE(cells[5].logTail, (std::vector<std::string>{"comet sweep: cell 5", "/usr/bin/comet: not found"}));

    // The queue and the lock: queued and running, whatever the directory says.
    {
      DirectoryLock lock(dir(1));
      QVERIFY(DirectoryLock::isHeld(dir(1)));
      cells = sweepStatus(s, out, {{3, "PENDING"}, {5, "RUNNING"}});
      QCOMPARE(toString(cells[1].progress), "running");
      QCOMPARE(cells[1].detail, std::string("1 of 3 epochs done"));
      QCOMPARE(toString(cells[3].progress), "queued");
      QCOMPARE(toString(cells[5].progress), "running");
      QCOMPARE(cells[5].detail, std::string("Slurm: RUNNING"));
      QVERIFY(cells[5].logTail.empty());
    }
    QVERIFY(!DirectoryLock::isHeld(dir(1)));
    QVERIFY(!DirectoryLock::isHeld(dir(5)));  // no lock file at all
    QCOMPARE(toString(sweepStatus(s, out)[1].progress), "stopped");
  }
};

QTEST_GUILESS_MAIN(TestSlurm)
#include "tst_slurm.moc"
