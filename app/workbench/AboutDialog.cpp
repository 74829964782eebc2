// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/workbench/AboutDialog.h"

#include <QMessageBox>
#include <QWidget>
#include <QtGlobal>

#include "core/util/Threading.h"

namespace comet::workbench {

void showAboutDialog(QWidget* parent) {
  const auto rt = runtimeInfo();
  QMessageBox::about(
      parent, QObject::tr("About COMET Workbench"),
      QObject::tr("<h3>COMET Workbench %1</h3>"
                  "<p>Sparse, modular neural networks with input-dependent routing: set up, train, "
                  "watch and inspect.</p>"
                  "<table><tr><td>Qt</td><td>%2 (built with %3)</td></tr>"
                  "<tr><td>LibTorch</td><td>%4</td></tr>"
                  "<tr><td>BLAS</td><td>%5</td></tr>"
                  "<tr><td>Threads</td><td>torch %6, BLAS %7, hardware %8</td></tr></table>"
                  "<p>GPL-3.0-or-later.</p>")
          .arg(QStringLiteral(COMET_VERSION), QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR), QString::fromStdString(rt.torchVersion),
               QString::fromStdString(rt.blas).toHtmlEscaped())
          .arg(rt.torchThreads).arg(rt.blasThreads).arg(rt.hardwareThreads));
}

}  // namespace comet::workbench
