// SPDX-License-Identifier: GPL-3.0-or-later
// comet-gui-bench: trains a width-1000 COMET MLP on Fashion-MNIST behind a real
// main window (offscreen without a display) while a synthetic run feeds more
// than 100,000 points per curve, and measures how long the GUI thread's event
// loop ever stalls. Prints one JSON line. A benchmark, not a test.
//   comet-gui-bench [--train-subset N] [--epochs N] [--points N] [--runs-folder DIR]
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/workbench/MainWindow.h"
#include "core/util/Json.h"
#include "widgets/ConfigForm.h"
#include "widgets/CurvePlot.h"

namespace {

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * double(v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
    qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QApplication::setOrganizationName("comet-workbench-bench");
  QCommandLineParser parser;
  const QCommandLineOption subset("train-subset", "training examples", "N", "12000");
  const QCommandLineOption epochs("epochs", "epochs", "N", "1");
  const QCommandLineOption points("points", "synthetic points per curve", "N", "150000");
  const QCommandLineOption folder("runs-folder", "run directories (default: a temporary folder)", "DIR");
  parser.addOptions({subset, epochs, points, folder});
  parser.addHelpOption();
  parser.process(app);

  QTemporaryDir tmp;
  comet::workbench::MainWindow window;
  window.setRunsFolder(parser.isSet(folder) ? parser.value(folder) : tmp.path());
  comet::ExperimentConfig config;  // fashion_mnist, comet, 3 x 1000, p_k 0.5, adam
  config.name = "gui-bench";
  config.data.trainSubset = parser.value(subset).toLongLong();
  config.train.epochs = parser.value(epochs).toLongLong();
  config.probe.examples = 500;
  window.form()->setConfig(config);
  window.resize(1500, 950);
  window.show();

  // The synthetic run: a long, noisy loss curve appended in bursts while training.
  comet::gui::RunData synthetic;
  synthetic.config = config;
  synthetic.config.seed = 99;
  const int syntheticId = window.runs().add(std::move(synthetic)).id;
  const int64_t totalPoints = parser.value(points).toLongLong();
  int64_t fed = 0;
  QTimer feeder;
  feeder.setInterval(10);
  QObject::connect(&feeder, &QTimer::timeout, &window, [&] {
    std::vector<comet::StepRecord> batch;
    for (int i = 0; i < 1500 && fed < totalPoints; ++i, ++fed) {
      const double t = double(fed + 1);
      batch.push_back({fed + 1, 1 + fed / 1000, 2.0 / std::sqrt(t / 500 + 1) + 0.1 * std::sin(t * 0.37), t * 1e-3});
    }
    window.runs().appendSteps(syntheticId, batch);
    if (fed >= totalPoints) feeder.stop();
  });

  std::vector<double> gaps;
  QElapsedTimer clock;
  QTimer probe;
  probe.setTimerType(Qt::PreciseTimer);
  probe.setInterval(1);
  qint64 last = 0;
  QObject::connect(&probe, &QTimer::timeout, &window, [&] {
    const qint64 now = clock.nsecsElapsed();
    if (last) gaps.push_back((now - last) / 1e6);
    last = now;
  });

  bool trainingDone = false;
  QObject::connect(&window.session(), &comet::workbench::TrainingSession::sessionFinished, &window,
                   [&] { trainingDone = true; });
  QTimer finisher;
  finisher.setInterval(100);
  QObject::connect(&finisher, &QTimer::timeout, &window, [&] {
    if (!trainingDone || fed < totalPoints) return;
    window.curves()->refreshNow();
    const auto* run = window.run(syntheticId + 1);
    const auto& replots = window.curves()->replotMs();
    comet::JsonObject j;
    j.add("max_event_loop_gap_ms", gaps.empty() ? 0.0 : *std::max_element(gaps.begin(), gaps.end()))
        .add("p99_event_loop_gap_ms", percentile(gaps, 0.99))
        .add("p50_event_loop_gap_ms", percentile(gaps, 0.5))
        .add("points_plotted", static_cast<int64_t>(window.curves()->dataPoints()))
        .add("points_drawn", static_cast<int64_t>(window.curves()->pointsPlotted()))
        .add("points_per_synthetic_curve", static_cast<int64_t>(fed))
        .add("replot_ms_p99", percentile(replots, 0.99))
        .add("replot_ms_max", replots.empty() ? 0.0 : *std::max_element(replots.begin(), replots.end()))
        .add("replots", static_cast<int64_t>(replots.size()))
        .add("train_steps", static_cast<int64_t>(run ? run->steps.size() : 0))
        .add("train_status", run ? comet::toString(run->summary.status) : std::string("none"))
        .add("train_seconds", run ? run->summary.seconds : 0.0)
        .add("width", static_cast<int64_t>(1000))
        .add("seconds", clock.elapsed() / 1000.0);
    std::printf("%s\n", j.str().c_str());
    std::fflush(stdout);
    QApplication::exit(run && run->summary.status == comet::RunStatus::Completed ? 0 : 1);
  });

  QTimer::singleShot(200, &window, [&] {
    clock.start();
    probe.start();
    feeder.start();
    finisher.start();
    if (!window.startRuns()) {
      std::fprintf(stderr, "comet-gui-bench: cannot start the run\n");
      QApplication::exit(2);
    }
  });
  return app.exec();
}
