// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/CapInfo.h"

#include <QObject>
#include <QStringList>

#include "core/model/CapMath.h"

namespace comet::gui {
namespace {

// Characters per line (fits the form's least width).
constexpr int kCapInfoWidth = 36;

// Breaks each line of `text` at spaces so that no line is longer than `width`
// characters (a longer word stays whole). Wrapped by hand: a word-wrapped label
// makes the box report its height for width, and Qt 6.4's QFormLayout then keeps a
// stale height after rows are hidden or shown, squeezing rows to nothing.
QString wrapLines(const QString& text, int width) {
  QStringList out;
  for (const QString& line : text.split('\n')) {
    QString current;
    for (const QString& word : line.split(' ', Qt::SkipEmptyParts)) {
      if (!current.isEmpty() && current.size() + 1 + word.size() > width) {
        out << current;
        current.clear();
      }
      current += (current.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    out << current;
  }
  return out.join('\n');
}

}  // namespace

QString capInfoText(const ExperimentConfig& c) {
  if (c.model.backbone == "moe")  // p_k and the method are not used (docs/gates.md)
    return wrapLines(QObject::tr("mixture of experts: each task's %1 gate picks %2 of %3 experts")
                         .arg(QString::fromStdString(c.model.gate))
                         .arg(gateK(c.model))
                         .arg(c.model.experts),
                     kCapInfoWidth);
  if (c.model.method == "standard") return QObject::tr("standard: every neuron active (p_k unused)");
  const auto masksOf = [&](int64_t width) {
    return QStringLiteral("10^%1").arg(log10Binomial(width, capK(c.model.pk, width)), 0, 'f', 1);
  };
  if (isTransformer(c.model.backbone)) {  // every block alike: describe one
    QStringList parts, counts;
    for (const auto& mlp : blockMlpWidths(c.model)) {
      parts << QObject::tr("%1 of %2 (%3)")
                   .arg(capK(c.model.pk, mlp.width))
                   .arg(mlp.width)
                   .arg(QString::fromStdString(mlp.name));
      counts << masksOf(mlp.width);
    }
    return wrapLines(QObject::tr("k per token in each of the %1 blocks: %2\npossible masks per token: %3")
                         .arg(c.model.depth)
                         .arg(parts.join(", "), counts.join(", ")),
                     kCapInfoWidth);
  }
  QStringList ks, masks;
  for (auto n : hiddenWidths(c.model)) {
    ks << QString::number(capK(c.model.pk, n));
    masks << masksOf(n);
  }
  return wrapLines(QObject::tr("k per layer: %1\npossible masks per layer: %2").arg(ks.join(", "), masks.join(", ")),
                   kCapInfoWidth);
}

}  // namespace comet::gui
