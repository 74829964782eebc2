// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/FigureBatch.h"

#include <QDir>
#include <QFileInfo>
#include <algorithm>

#include "widgets/CurvePlot.h"
#include "widgets/GatesView.h"
#include "widgets/OverlapView.h"
#include "widgets/SimilarityView.h"
#include "widgets/UsageView.h"

namespace comet::gui {
namespace {

void save(const FigureView& view, const QString& dir, const QString& stem, FigureFormat format,
          const ExportOptions& options, QStringList& written, QStringList* errors) {
  const QString error = exportFigure(view, dir, stem, format, options);
  if (!error.isEmpty()) {
    if (errors) *errors << error;
    return;
  }
  written << QDir(dir).filePath(stem + "." + suffix(format)) << QDir(dir).filePath(stem + ".csv");
}

QString runFolderName(const RunData& run) {
  const QString base = run.directory.isEmpty() ? runLabel(run) : QFileInfo(run.directory).fileName();
  return QString(base).replace(' ', '_').replace('/', '_');
}

}  // namespace

QStringList exportFigures(const std::vector<const RunData*>& runs, const QString& directory, const QString& figure,
                          FigureFormat format, const ExportOptions& options, QStringList* errors) {
  QStringList written;
  const bool all = figure == "all";
  if (all || figure == "curves") {
    CurvePlot curves;
    curves.resize(options.width, options.height);
    curves.setRuns(runs);
    curves.setFollowLatest(true);
    curves.setXAxis(CurvePlot::XAxis::Step);
    curves.setMetric(CurvePlot::Metric::Loss);
    curves.refreshNow();
    save(curves, directory, "curves_loss", format, options, written, errors);
    curves.setMetric(CurvePlot::Metric::Accuracy);
    curves.refreshNow();
    save(curves, directory, "curves_accuracy", format, options, written, errors);
    if (std::all_of(runs.begin(), runs.end(), [](const RunData* r) { return isLanguageModel(r->config.data); })) {
      curves.setMetric(CurvePlot::Metric::BitsPerCharacter);
      curves.refreshNow();
      save(curves, directory, "curves_bpc", format, options, written, errors);
    }
  }
  for (const RunData* run : runs) {
    const auto& report = run->probe;
    const QString dir = runs.size() > 1 || all ? QDir(directory).filePath(runFolderName(*run)) : directory;
    const QString label = runLabel(*run);
    if (all || figure == "gates") {
      GatesView gates;
      gates.resize(options.width, options.height);
      gates.setRun(report, run->epochs, label);
      gates.setOrder(ExampleOrder::Class);
      for (int t = 0; t < gates.taskCount(); ++t) {
        gates.setTask(t);
        for (auto show : {GatesView::Show::Utilisation, GatesView::Show::Classes, GatesView::Show::Weights,
                          GatesView::Show::NonZeros}) {
          if (show == GatesView::Show::Classes && report.gates[static_cast<size_t>(t)].classMeanWeight.empty())
            continue;  // a regression task
          gates.setShow(show);
          save(gates, dir, gates.figureName(), format, options, written, errors);
        }
      }
    }
    for (int layer = 0; layer < static_cast<int>(report.layers.size()); ++layer) {
      const QString L = QString::number(report.layers[static_cast<size_t>(layer)].layer);
      if (all || figure == "usage") {
        UsageView usage;
        usage.setReport(report, label);
        usage.setLayer(layer);
        save(usage, dir, "usage_layer" + L, format, options, written, errors);
      }
      if (all || figure == "overlap") {
        OverlapView overlap;
        overlap.setReport(report, label);
        overlap.setLayer(layer);
        overlap.setMode(OverlapView::Mode::Classes);
        save(overlap, dir, "overlap_classes_layer" + L, format, options, written, errors);
        overlap.setMode(OverlapView::Mode::Examples);
        save(overlap, dir, "overlap_examples_layer" + L, format, options, written, errors);
      }
      if (all || figure == "similarity") {
        SimilarityView similarity;
        similarity.setReport(report, label);
        similarity.setLayer(layer);
        save(similarity, dir, "similarity_layer" + L, format, options, written, errors);
      }
    }
  }
  return written;
}

}  // namespace comet::gui
