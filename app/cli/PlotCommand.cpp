// SPDX-License-Identifier: GPL-3.0-or-later
// comet plot RUN_DIR... [--figure curves|usage|overlap|similarity|gates|all|grid] [--metric M]
//                       [--format png|pdf|svg] [--out DIR] [--width PX] [--height PX] [--dpi N]
// Renders the workbench's figures from run directories without a display.
#include <QApplication>
#include <clocale>
#include <QDir>
#include <QStringList>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "app/cli/CliCommon.h"
#include "core/sweep/SweepGrid.h"
#include "widgets/FigureBatch.h"
#include "widgets/FigureCsv.h"
#include "widgets/FigureExporter.h"
#include "widgets/SweepGridPlot.h"
#include "widgets/RunLoader.h"

namespace comet::cli {

extern const char* const kPlotHelp;
const char* const kPlotHelp = R"(usage: comet plot RUN_DIR... [--figure F] [--format png|pdf|svg] [--out DIR]
                  [--width PX] [--height PX] [--dpi N]

Renders the workbench's figures from run directories, headless (no display
needed): the learning curves of all runs overlaid, and per run and hidden layer
neuron usage, mask overlap (class x class, example x example) and overlap against
input similarity; per run and task of a mixture of experts (backbone moe) its
gates: expert utilisation, mean weight per class, the weights per probed example
(sorted by class) and the non-zeros per example after each epoch. Each figure
comes with a CSV of the data behind it.

options:
  --figure F    all (default), curves, usage, overlap, similarity or gates; for a sweep
                folder (comet sweep --out): grid, the paper's Figure 4/9 layout
                (rows p_k, columns width, one colour per method, min-max band)
  --metric M    grid only: val_acc (default), val_loss, train_acc or train_loss
  --format X    png (default), pdf or svg
  --out DIR     output folder (default: figures)
  --width PX    figure width (default 800), --height PX (default 500)
  --dpi N       PNG resolution (default 150)
)";

namespace {

// comet plot SWEEP_DIR... --figure grid: one grid figure (and its CSV) per sweep folder.
int plotGrids(const Arguments& args, gui::FigureFormat format, gui::ExportOptions options, const QString& out) {
  if (!args.has("--width")) options.width = 1400;
  if (!args.has("--height")) options.height = 900;
  const std::string metric = args.value("--metric", "val_acc");
  if (metric != "val_acc" && metric != "val_loss" && metric != "train_acc" && metric != "train_loss")
    throw UsageError("--metric: expected val_acc, val_loss, train_acc or train_loss, got '" + metric + "'");
  QDir().mkpath(out);
  int status = kExitOk;
  for (const auto& dir : args.positional) {
    const auto rows = scanSweep(dir);
    if (rows.empty()) {
      std::fprintf(stderr, "comet plot: %s: not a sweep folder (no sub-folder has a sweep_cell.json)\n", dir.c_str());
      status = kExitIo;
      continue;
    }
    gui::SweepGridPlot plot;
    plot.resize(options.width, options.height);
    const QString name = QDir(QString::fromStdString(dir)).dirName();
    plot.setGrid(sweepGrid(rows, metric), name + ": " + QString::fromStdString(metric) +
                                              " per epoch, line at the middle of the min-max over seeds");
    const QString stem = QDir(out).filePath(name + "_grid");
    const QString error = gui::exportPlot(&plot, stem + "." + gui::suffix(format), format, options);
    if (!error.isEmpty() || !gui::writeCsv(plot.table(), stem + ".csv")) {
      std::fprintf(stderr, "comet plot: %s\n", qPrintable(error.isEmpty() ? "cannot write " + stem + ".csv" : error));
      status = kExitIo;
      continue;
    }
    std::printf("%s\n%s\n", qPrintable(QDir::cleanPath(stem + "." + gui::suffix(format))), qPrintable(QDir::cleanPath(stem + ".csv")));
  }
  return status;
}

}  // namespace

int plotCommand(const Arguments& args) {
  if (args.positional.empty()) throw UsageError("expected one or more RUN_DIR");
  const QString figure = QString::fromStdString(args.value("--figure", "all"));
  if (!QStringList{"all", "curves", "usage", "overlap", "similarity", "gates", "grid"}.contains(figure))
    throw UsageError("--figure: expected all, curves, usage, overlap, similarity, gates or grid, got '" +
                     figure.toStdString() + "'");
  bool formatOk = false;
  const auto format = gui::figureFormatFromString(QString::fromStdString(args.value("--format", "png")), &formatOk);
  if (!formatOk) throw UsageError("--format: expected png, pdf or svg");
  gui::ExportOptions options;
  const auto number = [&](const char* flag, double fallback) {
    const std::string text = args.value(flag);
    if (text.empty()) return fallback;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (*end || !(v > 0)) throw UsageError(std::string(flag) + ": expected a positive number");
    return v;
  };
  options.width = static_cast<int>(number("--width", options.width));
  options.height = static_cast<int>(number("--height", options.height));
  options.dpi = number("--dpi", options.dpi);
  const QString out = QString::fromStdString(args.value("--out", "figures"));

  if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
    qputenv("QT_QPA_PLATFORM", "offscreen");
  int argc = 1;
  char name[] = "comet";
  char* argv[] = {name, nullptr};
  QApplication app(argc, argv);
  std::setlocale(LC_NUMERIC, "C");  // Qt took the user's locale: run files hold C-locale numbers (strtod)

  if (figure == "grid") return plotGrids(args, format, options, out);

  std::vector<std::unique_ptr<gui::RunData>> runs;
  std::vector<const gui::RunData*> pointers;
  for (size_t i = 0; i < args.positional.size(); ++i) {
    try {
      runs.push_back(std::make_unique<gui::RunData>(gui::RunLoader::load(QString::fromStdString(args.positional[i]))));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "comet plot: %s\n", e.what());
      return kExitIo;
    }
    runs.back()->id = static_cast<int>(i + 1);
    runs.back()->colour = gui::runColour(static_cast<int>(i));
    pointers.push_back(runs.back().get());
  }
  QStringList errors;
  const QStringList files = gui::exportFigures(pointers, out, figure, format, options, &errors);
  for (const QString& f : files) std::printf("%s\n", qPrintable(QDir::cleanPath(f)));
  for (const QString& e : errors) std::fprintf(stderr, "comet plot: %s\n", qPrintable(e));
  if (files.isEmpty() && errors.isEmpty())
    std::fprintf(stderr, "comet plot: nothing to draw (no probes for --figure %s)\n", qPrintable(figure));
  return errors.isEmpty() && !files.isEmpty() ? kExitOk : kExitIo;
}

}  // namespace comet::cli
