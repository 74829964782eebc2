// SPDX-License-Identifier: GPL-3.0-or-later
// comet-workbench [CONFIG.yaml] [--start] [--compare METHODS] [--open-run DIR] [--open-sweep DIR] [--run-sweep SWEEP.yaml]
//                 [--screenshot PNG [--after MS] [--tab N]]
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>
#include <clocale>
#include <cstdio>

#include "app/workbench/MainWindow.h"
#include "core/util/WaitPolicy.h"
#include "core/util/Warnings.h"

int main(int argc, char** argv) {
  comet::execWithPassiveWait(argv);  // threads that sleep while they wait (core/util/WaitPolicy.h)
  QApplication app(argc, argv);
  // Qt takes the user's locale for everything (setlocale(LC_ALL, "")); the run
  // files are written with printf and read with strtod, which would then write and
  // read "0,5" under a German locale. Numbers in files stay in the C locale; Qt's
  // own display of numbers goes through QLocale and is unaffected.
  std::setlocale(LC_NUMERIC, "C");
  comet::setWarningHandler([](const std::string& m) { qWarning("comet: warning: %s", m.c_str()); });
  QApplication::setOrganizationName("comet-workbench");
  QApplication::setApplicationName("comet-workbench");
  QApplication::setApplicationVersion(COMET_VERSION);
  // The installed desktop entry's id (resources/*.desktop, AppStream's launchable):
  // Wayland compositors match the window to its entry and icon by it.
  QGuiApplication::setDesktopFileName(QStringLiteral("io.github.comet_workbench.CometWorkbench"));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/comet-workbench.svg")));
  QCommandLineParser parser;
  parser.setApplicationDescription("COMET Workbench: set up, train, watch and inspect sparse modular networks.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("config", "experiment YAML to open", "[CONFIG.yaml]");
  const QCommandLineOption start("start", "start training the config at once");
  const QCommandLineOption runs("runs-folder", "where new run directories go (default ./runs)", "DIR");
  const QCommandLineOption open("open-run", "open a run directory (repeatable)", "RUN_DIR");
  const QCommandLineOption shot("screenshot", "save a screenshot of the window and quit", "PNG");
  const QCommandLineOption after("after", "milliseconds to wait before the screenshot (default 3000)", "MS", "3000");
  const QCommandLineOption tab("tab", "show this tab first (0 curves, 1 usage, 2 overlap, 3 similarity, 4 gates, 5 samples, 6 sweep)", "N", "0");
  const QCommandLineOption sweepDir("open-sweep", "show a sweep folder in the Sweep tab", "DIR");
  const QCommandLineOption sweepFile("run-sweep", "run a sweep file (comet sweep) and watch it", "SWEEP.yaml");
  const QCommandLineOption compare("compare", "Start also trains these methods (comma-separated), e.g. standard",
                                   "METHODS");
  parser.addOptions({start, runs, open, shot, after, tab, sweepDir, sweepFile, compare});
  parser.process(app);

  comet::workbench::MainWindow window;
  if (parser.isSet(runs)) window.setRunsFolder(parser.value(runs));
  if (parser.isSet(compare)) {
    // A misspelt method is a config error now, not a failed run after Start.
    const QString error = window.setCompareMethods(parser.value(compare).split(',', Qt::SkipEmptyParts));
    if (!error.isEmpty()) {
      std::fprintf(stderr, "comet-workbench: %s\n", qPrintable(error));
      return 3;
    }
  }
  for (const QString& dir : parser.values(open)) {
    const QString error = window.openRunDirectory(dir);
    if (!error.isEmpty()) std::fprintf(stderr, "comet-workbench: %s\n", qPrintable(error));
  }
  if (!parser.positionalArguments().isEmpty()) {
    const QString error = window.openConfig(parser.positionalArguments().front());
    if (!error.isEmpty()) {
      std::fprintf(stderr, "comet-workbench: %s\n", qPrintable(error));
      return 3;
    }
  }
  window.showTab(parser.value(tab).toInt());
  if (parser.isSet(sweepDir)) window.openSweep(parser.value(sweepDir));
  if (parser.isSet(sweepFile)) {
    const QString error = window.runSweep(parser.value(sweepFile), parser.value(sweepDir));
    if (!error.isEmpty()) std::fprintf(stderr, "comet-workbench: %s\n", qPrintable(error));
  }
  window.show();
  if (parser.isSet(start)) QTimer::singleShot(0, &window, [&window] { window.startRuns(); });
  if (parser.isSet(shot)) {
    QTimer::singleShot(parser.value(after).toInt(), &window, [&] {
      window.grab().save(parser.value(shot));
      window.close();
    });
  }
  return app.exec();
}
