// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/SweepRunner.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <csignal>

#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace comet::workbench {

SweepRunner::SweepRunner(QObject* parent) : QObject(parent) {
  m_comet = QCoreApplication::applicationDirPath() + "/comet";
}

SweepRunner::~SweepRunner() { stop(); }

QString SweepRunner::start(const QString& sweepFile, const QString& directory, int jobs) {
  if (isRunning()) return tr("A sweep is already running.");
  if (!QFileInfo(m_comet).isExecutable()) return tr("Cannot find the comet command line at %1.").arg(m_comet);
  QDir().mkpath(directory);
  m_process = new QProcess(this);
  m_process->setProcessChannelMode(QProcess::MergedChannels);
#ifdef Q_OS_LINUX
  // If the workbench dies (a crash, kill -9), the sweep stops as it does on Stop or
  // on closing the window: its cells end cleanly and the next run resumes them.
  m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
  connect(m_process, &QProcess::readyRead, this, [this] {
    const QStringList lines = QString::fromUtf8(m_process->readAll()).split('\n', Qt::SkipEmptyParts);
    if (!lines.isEmpty()) Q_EMIT outputLine(lines.last().trimmed());
  });
  connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus) {
    m_process->deleteLater();
    m_process = nullptr;
    Q_EMIT finished(code, code == 0     ? tr("Sweep complete.")
                          : code == 130 ? tr("Sweep stopped; run it again to resume.")
                                        : tr("Sweep ended with exit code %1.").arg(code));
  });
  m_process->start(m_comet, {"sweep", sweepFile, "--out", directory, "--jobs", QString::number(jobs), "--quiet"});
  if (!m_process->waitForStarted(5000)) {
    const QString error = m_process->errorString();
    m_process->deleteLater();
    m_process = nullptr;
    return tr("Cannot start comet sweep: %1").arg(error);
  }
  return {};
}

void SweepRunner::stop() {
  if (!m_process) return;
  m_process->terminate();  // SIGTERM: the running cell stops cleanly, the sweep resumes later
  if (!m_process->waitForFinished(30000)) m_process->kill();
}

bool SweepRunner::isRunning() const { return m_process && m_process->state() != QProcess::NotRunning; }

}  // namespace comet::workbench
