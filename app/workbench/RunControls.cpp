// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/RunControls.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace comet::workbench {
namespace {

QString duration(double seconds) {
  const auto s = static_cast<qint64>(seconds + 0.5);
  return s >= 3600 ? QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60)
         : s >= 60 ? QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60)
                   : QStringLiteral("%1 s").arg(s);
}

}  // namespace

RunControls::RunControls(const QList<QAction*>& actions, QWidget* parent) : QWidget(parent) {
  auto* buttons = new QHBoxLayout;
  for (QAction* a : actions) {
    auto* b = new QToolButton(this);
    b->setDefaultAction(a);
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    buttons->addWidget(b);
  }
  m_progress = new QProgressBar(this);
  m_progress->setRange(0, 1);
  m_progress->setValue(0);
  m_progress->setFormat(tr("idle"));
  m_detail = new QLabel(this);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 0, 6, 6);
  layout->addLayout(buttons);
  layout->addWidget(m_progress);
  layout->addWidget(m_detail);
}

void RunControls::showProgress(int runId, qint64 step, qint64 totalSteps, qint64 epoch, qint64 epochs,
                               double etaSeconds) {
  m_progress->setRange(0, static_cast<int>(std::max<qint64>(1, totalSteps)));
  m_progress->setValue(static_cast<int>(std::min(step, std::max<qint64>(1, totalSteps))));
  m_progress->setFormat(tr("epoch %1/%2 · step %3/%4").arg(epoch).arg(epochs).arg(step).arg(totalSteps));
  m_detail->setText(tr("run %1 · about %2 left").arg(runId).arg(duration(etaSeconds)));
}

void RunControls::showIdle(const QString& text) {
  m_progress->setFormat(text);
  m_detail->clear();
}

}  // namespace comet::workbench
