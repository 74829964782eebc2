// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/RunLoader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cmath>
#include <stdexcept>

#include "core/config/ConfigLoader.h"
#include "core/util/Json.h"
#include "widgets/CsvTable.h"

namespace comet::gui {
namespace {

double cell(const std::vector<double>& row, int column) {
  return column >= 0 && static_cast<size_t>(column) < row.size() ? row[static_cast<size_t>(column)] : kNaN;
}

double jsonDouble(const std::string& text) {
  bool ok = false;
  const double v = QString::fromStdString(text).toDouble(&ok);
  return ok ? v : kNaN;
}

void readSummary(const QString& path, RunData& run) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) throw std::runtime_error(path.toStdString() + ": cannot open");
  const auto items = parseFlatJson(file.readAll().toStdString());
  auto& s = run.summary;
  for (const auto& [key, value] : items) {
    if (key == "status") s.status = runStatusFromString(value);
    else if (key == "message") s.message = value;
    else if (key == "epochs_done") s.epochsDone = static_cast<int64_t>(jsonDouble(value));
    else if (key == "steps_done") s.stepsDone = static_cast<int64_t>(jsonDouble(value));
    else if (key == "diverged_at_step") s.divergedAtStep = static_cast<int64_t>(jsonDouble(value));
    else if (key == "test_loss") s.testLoss = jsonDouble(value);
    else if (key == "test_acc") s.testAcc = jsonDouble(value);
    else if (key == "best_val_acc") s.bestValAcc = jsonDouble(value);
    else if (key == "best_val_loss") s.bestValLoss = jsonDouble(value);
    else if (key == "seconds") s.seconds = jsonDouble(value);
  }
}

std::vector<float> matrixFrom(const CsvTable& t, int firstColumn) {
  std::vector<float> m;
  for (const auto& row : t.rows)
    for (size_t c = static_cast<size_t>(firstColumn); c < row.size(); ++c) m.push_back(static_cast<float>(row[c]));
  return m;
}

}  // namespace

ProbeReport RunLoader::loadProbe(const QString& probeDirectory) {
  ProbeReport report;
  const QDir dir(probeDirectory);
  if (!dir.exists("summary.csv")) return report;
  const CsvTable summary = CsvTable::read(dir.filePath("summary.csv"));
  // Run directories written before the examples column have no count: -1, unknown.
  report.examples = -1;
  for (const auto& row : summary.rows) {
    const double examples = cell(row, summary.column("examples"));
    if (std::isfinite(examples)) report.examples = static_cast<int64_t>(examples);
    LayerProbe lp;
    lp.layer = static_cast<int64_t>(cell(row, summary.column("layer")));
    const QString L = QString::number(lp.layer);
    auto& u = lp.usage;
    u.width = static_cast<int64_t>(cell(row, summary.column("width")));
    u.k = static_cast<int64_t>(cell(row, summary.column("k")));
    u.dead = static_cast<int64_t>(cell(row, summary.column("dead")));
    u.alwaysOn = static_cast<int64_t>(cell(row, summary.column("always_on")));
    auto& o = lp.overlap;
    o.meanJaccard = cell(row, summary.column("mean_jaccard"));
    o.similarityCorrelation = cell(row, summary.column("similarity_r"));

    if (dir.exists("usage_layer" + L + ".csv")) {
      const CsvTable usage = CsvTable::read(dir.filePath("usage_layer" + L + ".csv"));
      const int classes = std::max(0, static_cast<int>(usage.header.size()) - 2);
      if (report.classNames.empty())
        for (int c = 0; c < classes; ++c) report.classNames.push_back(usage.header[c + 2].toStdString());
      report.numClasses = std::max<int64_t>(report.numClasses, classes);
      const size_t width = usage.rows.size();
      u.frequency.resize(width);
      u.classFrequency.assign(static_cast<size_t>(classes) * width, 0.f);
      for (size_t n = 0; n < width; ++n) {
        u.frequency[n] = static_cast<float>(cell(usage.rows[n], 1));
        for (int c = 0; c < classes; ++c)
          u.classFrequency[static_cast<size_t>(c) * width + n] = static_cast<float>(cell(usage.rows[n], c + 2));
      }
    }
    if (dir.exists("overlap_classes_layer" + L + ".csv"))
      o.classMean = matrixFrom(CsvTable::read(dir.filePath("overlap_classes_layer" + L + ".csv")), 0);
    if (dir.exists("overlap_examples_layer" + L + ".csv")) {
      const CsvTable ex = CsvTable::read(dir.filePath("overlap_examples_layer" + L + ".csv"));
      o.examples = matrixFrom(ex, 1);
      for (const auto& r : ex.rows) o.pairLabels.push_back(static_cast<int64_t>(cell(r, 0)));
    }
    if (dir.exists("similarity_layer" + L + ".csv")) {
      const CsvTable sim = CsvTable::read(dir.filePath("similarity_layer" + L + ".csv"));
      for (const auto& r : sim.rows)
        o.bins.push_back({cell(r, 0), cell(r, 1), static_cast<int64_t>(cell(r, 2)), cell(r, 3)});
    }
    if (dir.exists("similarity_pairs_layer" + L + ".csv")) {
      const CsvTable pairs = CsvTable::read(dir.filePath("similarity_pairs_layer" + L + ".csv"));
      for (const auto& r : pairs.rows) {
        o.sampleCosine.push_back(static_cast<float>(cell(r, 0)));
        o.sampleJaccard.push_back(static_cast<float>(cell(r, 1)));
      }
    }
    report.layers.push_back(std::move(lp));
  }
  return report;
}

RunData RunLoader::load(const QString& directory) {
  const QDir dir(directory);
  if (!dir.exists("config.yaml") || !dir.exists("summary.json"))
    throw std::runtime_error(directory.toStdString() + ": not a run directory (no config.yaml or summary.json)");
  RunData run;
  run.directory = QFileInfo(directory).absoluteFilePath();
  run.fromDisk = true;
  run.config = ConfigLoader::loadFile(dir.filePath("config.yaml").toStdString());
  readSummary(dir.filePath("summary.json"), run);
  if (dir.exists("metrics.csv")) {
    const CsvTable t = CsvTable::read(dir.filePath("metrics.csv"));
    for (const auto& r : t.rows) {
      EpochRecord e;
      e.epoch = static_cast<int64_t>(cell(r, t.column("epoch")));
      e.step = static_cast<int64_t>(cell(r, t.column("step")));
      e.trainLoss = cell(r, t.column("train_loss"));
      e.trainAcc = cell(r, t.column("train_acc"));
      e.valLoss = cell(r, t.column("val_loss"));
      e.valAcc = cell(r, t.column("val_acc"));
      e.seconds = cell(r, t.column("seconds"));
      run.epochs.push_back(e);
    }
  }
  if (dir.exists("steps.csv")) {
    const CsvTable t = CsvTable::read(dir.filePath("steps.csv"));
    run.steps.reserve(t.rows.size());
    for (const auto& r : t.rows)
      run.steps.push_back({static_cast<int64_t>(cell(r, 0)), static_cast<int64_t>(cell(r, 1)), cell(r, 2), 0.0});
  }
  run.probe = loadProbe(dir.filePath("probe"));
  run.probe.epoch = run.summary.epochsDone;
  return run;
}

}  // namespace comet::gui
