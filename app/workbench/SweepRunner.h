// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

class QProcess;

namespace comet::workbench {

// Runs a sweep as a `comet sweep` child process (sweeps are processes anyway:
// --jobs, cluster cells), beside TrainingSession, which trains in-process. The
// Sweep view only watches the folder, so a sweep started here, from the CLI or on
// a cluster shows the same way.
class SweepRunner : public QObject {
  Q_OBJECT
 public:
  explicit SweepRunner(QObject* parent = nullptr);
  ~SweepRunner() override;  // stops a running sweep (its cells resume next time)

  // Starts `comet sweep FILE --out DIR --jobs N --quiet`; returns an error text,
  // empty when started.
  QString start(const QString& sweepFile, const QString& directory, int jobs = 1);
  // SIGTERM: the running cell stops cleanly and writes a checkpoint; the next
  // start resumes it. Waits up to 30 s, then kills.
  void stop();
  bool isRunning() const;
  void setCometExecutable(const QString& path) { m_comet = path; }
  const QString& cometExecutable() const { return m_comet; }

 Q_SIGNALS:
  void outputLine(const QString& line);  // the latest line comet sweep printed
  void finished(int exitCode, const QString& summary);

 private:
  QString m_comet;
  QProcess* m_process = nullptr;
};

}  // namespace comet::workbench
