// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/FieldEditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <algorithm>
#include <climits>
#include <cmath>

namespace comet::gui {
namespace {

void setComboText(QComboBox* c, const QString& text) {
  if (c->findText(text) < 0) c->addItem(text);  // a value the schema does not list stays visible (and red)
  c->setCurrentText(text);
}

// Two widgets in one row (an editor and its browse button, a slider and its
// editor), the first taking the spare width.
QWidget* rowOf(QWidget* parent, QWidget* wide, QWidget* narrow) {
  auto* row = new QWidget(parent);
  auto* h = new QHBoxLayout(row);
  h->setContentsMargins(0, 0, 0, 0);
  h->addWidget(wide, 1);
  h->addWidget(narrow);
  return row;
}

}  // namespace

FieldEditor makeFieldEditor(const ConfigField& f, QWidget* parent, const std::function<void()>& edited) {
  FieldEditor field;
  const auto onEdit = [edited] { edited(); };
  switch (f.kind) {
    case FieldKind::Choice: {
      auto* c = new QComboBox(parent);
      for (size_t i = 0; i < f.choices.size(); ++i) {
        c->addItem(QString::fromStdString(f.choices[i]));
        if (i < f.choiceHelp.size()) c->setItemData(int(i), QString::fromStdString(f.choiceHelp[i]), Qt::ToolTipRole);
      }
      field.text = [c] { return c->currentText(); };
      field.setText = [c](const QString& t) { setComboText(c, t); };
      QObject::connect(c, &QComboBox::currentIndexChanged, parent, onEdit);
      field.editor = field.row = c;
      break;
    }
    case FieldKind::Integer: {
      auto* s = new QSpinBox(parent);
      s->setRange(static_cast<int>(std::max<double>(f.min, INT_MIN)), static_cast<int>(std::min<double>(f.max, INT_MAX)));
      if (!f.zeroMeans.empty() && f.min == 0) s->setSpecialValueText(QString::fromStdString(f.zeroMeans));
      field.text = [s] { return QString::number(s->value()); };
      field.setText = [s](const QString& t) { s->setValue(t.toInt()); };
      QObject::connect(s, &QSpinBox::valueChanged, parent, onEdit);
      field.editor = field.row = s;
      break;
    }
    case FieldKind::Boolean: {
      auto* b = new QCheckBox(parent);
      field.text = [b] { return QString(b->isChecked() ? "true" : "false"); };
      field.setText = [b](const QString& t) { b->setChecked(t == "true"); };
      QObject::connect(b, &QCheckBox::toggled, parent, onEdit);
      field.editor = field.row = b;
      break;
    }
    default: {  // Text, Folder, Real, lists: typed, checked by the loader
      auto* e = new QLineEdit(parent);
      field.text = [e] { return e->text(); };
      field.setText = [e](const QString& t) { e->setText(t); };
      QObject::connect(e, &QLineEdit::textChanged, parent, onEdit);
      field.editor = field.row = e;
      if (f.kind == FieldKind::Folder) {
        auto* browse = new QToolButton(parent);
        browse->setText(QStringLiteral("…"));
        browse->setToolTip(QObject::tr("Choose the folder"));
        QObject::connect(browse, &QToolButton::clicked, parent, [parent, e] {
          const QString dir = QFileDialog::getExistingDirectory(parent, QObject::tr("Data folder"), e->text());
          if (!dir.isEmpty()) e->setText(dir);
        });
        field.row = rowOf(parent, e, browse);
      } else if (f.key == "model.pk") {
        // The COMET knob: a slider beside the number (ConfigForm puts k per layer below).
        auto* slider = new QSlider(Qt::Horizontal, parent);
        slider->setRange(1, 1000);
        QObject::connect(slider, &QSlider::valueChanged, parent, [e](int v) { e->setText(QString::number(v / 1000.0)); });
        QObject::connect(e, &QLineEdit::textChanged, parent, [slider](const QString& t) {
          bool ok = false;
          const double v = t.toDouble(&ok);
          const QSignalBlocker block(slider);
          if (ok) slider->setValue(static_cast<int>(std::lround(v * 1000)));
        });
        e->setMaximumWidth(70);
        field.row = rowOf(parent, slider, e);
      }
    }
  }
  const QString help = QString::fromStdString(f.help + (f.help.empty() ? "" : "\n") + "Accepts " + f.allowed);
  field.editor->setProperty("help", help);
  field.editor->setToolTip(help);
  return field;
}

}  // namespace comet::gui
