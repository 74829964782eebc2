// SPDX-License-Identifier: GPL-3.0-or-later
// comet: the headless COMET Workbench (runs, benchmarks) for servers and clusters.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/CliCommon.h"
#include "core/util/WaitPolicy.h"
#include "core/util/Warnings.h"
#include "core/config/ConfigLoader.h"
#include "core/config/ConfigSchema.h"
#include "core/model/MethodRegistry.h"
#include "core/util/Threading.h"

using namespace comet::cli;

#ifdef COMET_HAVE_PLOT
namespace comet::cli {
extern const char* const kPlotHelp;  // app/cli/PlotCommand.cpp (built with the GUI)
int plotCommand(const Arguments& args);
}  // namespace comet::cli
#endif

namespace {

const char* kMainHelp = R"(usage: comet COMMAND [ARGS...]

The COMET Workbench training core, headless.

commands:
  run CONFIG [key=value ...] [--out DIR] [--quiet]
        train one experiment and write its run directory
  run --resume RUN_DIR [--quiet]
        continue a stopped or killed run from its last checkpoint
  bench CONFIG [key=value ...] [--steps N] [--warmup N]
        time training steps; prints one JSON line
  sweep SWEEP [key=value ...] [--out DIR] [--jobs N] [--list] [--cell I] [--slurm]
        run every cell of a sweep (grid / random search x seeds), here or as a
        Slurm job array; resumable; --status DIR tells where each cell stands
  report SWEEP_DIR [--metric KEY]
        table of final test accuracy per method x swept keys (Markdown + CSV)
  plot RUN_DIR... [--figure F] [--format png|pdf|svg] [--out DIR]
        render the workbench's figures of run directories, headless
  config CONFIG [key=value ...]
        check a config and print it resolved (every key)
  keys
        list every config key and what it accepts
  methods
        list the methods model.method accepts

options:
  --help      this text (also: comet COMMAND --help)
  --version   versions of COMET Workbench, LibTorch, the BLAS, and thread counts

exit codes: 0 done, 1 run failed or diverged, 2 bad arguments, 3 bad config
            (or it would not fit in memory), 4 bad or missing data, 5 cannot
            write the run directory, or RUN_DIR is not a (resumable) run directory,
            130 stopped by Ctrl+C or SIGTERM (run directory complete, status stopped)
)";

const char* kRunHelp = R"(usage: comet run CONFIG [key=value ...] [--out DIR] [--quiet]
       comet run --resume RUN_DIR [--quiet]

Trains the experiment described by the YAML file CONFIG. Dotted overrides change
single keys, as in Hydra:  comet run exp.yaml model.pk=0.5 train.epochs=3

The run directory (default runs/<name>-<method>-s<seed>-<time>) receives
config.yaml (resolved), metrics.csv, steps.csv, summary.json, probe/*.csv and
model.pt, and checkpoint.pt (train.checkpoint_every_epochs / _steps). Ctrl+C or
SIGTERM stops after the current batch, writes a checkpoint and keeps everything
trained so far (exit code 130).

options:
  --out DIR   write the run directory here
  --resume RUN_DIR
              continue RUN_DIR (stopped, killed, or failed) from checkpoint.pt with
              RUN_DIR/config.yaml; the finished run equals an uninterrupted one
  --quiet     no progress bar
)";

const char* kSweepHelp = R"(usage: comet sweep SWEEP [key=value ...] [--out DIR] [--jobs N] [--list] [--cell I] [--quiet]
       comet sweep SWEEP [key=value ...] [--out DIR] --slurm [--partition P] [--time T]
                   [--cpus-per-task C] [--mem M] [--max-parallel K] [--dry-run]
       comet sweep --status DIR

Runs every cell of the sweep file SWEEP (docs/sweeps.md) into DIR (default
runs/<sweep name>), one run directory per cell, and keeps DIR/sweep.csv up to date
(one row per run: the swept keys, seed, summary metrics). Completed and diverged
cells are skipped, and stopped or killed ones continue from their checkpoint, so an
interrupted sweep resumes where it stopped. Exit code 0 when every cell completed.

options:
  --list      print the cells with their indices: done, resumable or pending
  --cell I    run only cell I (cluster job arrays: one cell per task, a shared DIR)
  --jobs N    run N cells at once in separate processes, the cores divided among them
  --out DIR   the sweep folder
  --quiet     no progress bars
  --status DIR
              each cell's state: done, diverged, running, queued (Slurm), stopped
              (resumable), failed (with the last lines of its log) or pending; works
              for local and Slurm sweeps; exit code 0 when every cell completed

on a Slurm cluster (DIR on a file system the nodes share):
  --slurm     write DIR/sweep.sbatch, a job array of the cells that are neither
              finished nor queued (array index = cell index, logs in
              DIR/slurm/cell_<index>.log), and submit it with sbatch; submitting
              again resumes the sweep
  --partition P, --time T, --cpus-per-task C (each cell's train.threads), --mem M,
  --max-parallel K (at most K tasks at once): passed on to sbatch
  --dry-run   write and print the script, do not submit it
)";

const char* kReportHelp = R"(usage: comet report SWEEP_DIR [--metric KEY]

Writes SWEEP_DIR/report.md and report.csv: the final test accuracy (or KEY from
summary.json) per method (or gate, for backbone moe) and swept setting, mean +- std
over seeds, the best mean of each column marked, and prints the Markdown table.
Multi-task runs get one table per task (TASK/test_acc) unless --metric is given.
)";

const char* kBenchHelp = R"(usage: comet bench CONFIG [key=value ...] [--steps N] [--warmup N]
       comet bench --peak

Times N training steps (default 200, after 20 warm-up steps) of the configured
model on its dataset and prints one JSON line: steps_per_second,
samples_per_second, ms_per_step, execution (dense or sparse), the dense step's
GFLOP and the dense-equivalent GFLOP/s, threads, blas, ...
--peak prints the fp32 GEMM peak of the linear layers' oneDNN sgemm (square
products of 1024, 2048 and 3072, best of 5), one JSON line per size.
)";

void printVersion() {
  const auto rt = comet::runtimeInfo();
  std::printf("comet %s\nLibTorch %s\nGEMM: %s\nBLAS: %s\nthreads: torch %d, BLAS %d, hardware %d\nOpenMP wait: %s\n",
              COMET_VERSION, rt.torchVersion.c_str(), rt.gemm.c_str(), rt.blas.c_str(), rt.torchThreads, rt.blasThreads,
              rt.hardwareThreads, rt.waitPolicy.c_str());
}

bool wantsHelp(const std::vector<std::string>& args) {
  for (const auto& a : args)
    if (a == "--help" || a == "-h") return true;
  return false;
}

int configCommand(const Arguments& args) {
  if (args.positional.size() != 1) throw UsageError("expected exactly one CONFIG file");
  std::fputs(comet::toYaml(comet::ConfigLoader::loadFile(args.positional[0], args.overrides)).c_str(), stdout);
  return kExitOk;
}

}  // namespace

// The commands that train (and --version, which reports how they run): they run
// with threads that sleep while they wait (core/util/WaitPolicy.h). The others
// skip its second start of the program: sweep --list and --status are what
// scripts poll.
static bool trains(int argc, char** argv) {
  if (argc < 2) return false;
  const std::string command = argv[1];
  if (command == "sweep")
    for (int i = 2; i < argc; ++i)
      if (std::string(argv[i]) == "--list" || std::string(argv[i]) == "--status" ||
          std::string(argv[i]) == "--dry-run")
        return false;
  return command == "run" || command == "sweep" || command == "bench" || command == "--version" ||
         command == "version";
}

int main(int argc, char** argv) {
  if (trains(argc, argv)) comet::execWithPassiveWait(argv);
  comet::setWarningHandler([](const std::string& m) { std::fprintf(stderr, "comet: warning: %s\n", m.c_str()); });
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(kMainHelp, stderr);
    return kExitUsage;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kMainHelp, stdout);
    return kExitOk;
  }
  if (command == "--version" || command == "version") {
    comet::applyThreads(0);
    printVersion();
    return kExitOk;
  }
  if (command == "keys") {
    for (const auto& f : comet::configSchema()) {
      std::string backbones;  // "  (backbone moe)" for keys that mean something only there
      for (const auto& b : f.backbones) backbones += (backbones.empty() ? "  (backbone " : ", ") + b;
      std::printf("%-24s %s%s\n", f.key.c_str(), f.allowed.c_str(), backbones.empty() ? "" : (backbones + ")").c_str());
    }
    return kExitOk;
  }
  if (command == "methods") {
    for (const auto& m : comet::methodNames()) std::printf("%-22s %s\n", m.c_str(), comet::methodDescription(m).c_str());
    return kExitOk;
  }
  struct Command {
    const char* name;
    const char* help;
    int (*body)(const Arguments&);
    std::vector<std::string> valueFlags;
    std::vector<std::string> switches;
  };
  const std::vector<Command> commands = {
      {"run", kRunHelp, runCommand, {"--out", "--resume"}, {"--quiet", "--version"}},
      {"config", "usage: comet config CONFIG [key=value ...]\n\nChecks CONFIG and prints the resolved YAML.\n",
       configCommand, {}, {}},
      {"sweep", kSweepHelp, sweepCommand,
       {"--out", "--jobs", "--cell", "--status", "--partition", "--time", "--cpus-per-task", "--mem", "--max-parallel"},
       {"--list", "--quiet", "--no-csv", "--slurm", "--dry-run"}},
      {"report", kReportHelp, reportCommand, {"--metric"}, {}},
      {"bench", kBenchHelp, benchCommand, {"--steps", "--warmup"}, {"--version", "--peak"}},
#ifdef COMET_HAVE_PLOT
      {"plot", kPlotHelp, plotCommand, {"--figure", "--format", "--out", "--width", "--height", "--dpi", "--metric"}, {}},
#endif
  };
  for (const auto& c : commands) {
    if (command != c.name) continue;
    if (wantsHelp(args)) {
      std::fputs(c.help, stdout);
      return kExitOk;
    }
    for (const auto& a : args)
      if (a == "--version") {
        printVersion();
        return kExitOk;
      }
    try {
      return guarded(c.name, c.body, parseArguments(args, c.valueFlags, c.switches));
    } catch (const UsageError& e) {
      std::fprintf(stderr, "comet %s: %s\n", c.name, e.what());
      return kExitUsage;
    }
  }
  std::fprintf(stderr, "comet: unknown command '%s'\n\n%s", command.c_str(), kMainHelp);
  return kExitUsage;
}
