// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <functional>

#include "core/config/ConfigSchema.h"

class QWidget;

namespace comet::gui {

// The editor of one config key, chosen by its kind (ConfigField::kind): a combo
// box for choices, a spin box for an integer range, a check box for a switch, a
// line edit for the rest, checked by the loader (with a browse button for a
// folder, and a slider beside p_k). What ConfigForm builds each row from.
struct FieldEditor {
  QWidget* editor = nullptr;                    // what takes the value, the red mark and the tooltip
  QWidget* row = nullptr;                       // the row's field widget (the editor or its container)
  std::function<QString()> text;                // as typed
  std::function<void(const QString&)> setText;  // from fieldText()
};

// Builds the key's editor under `parent`, its tooltip and "help" property set to
// the key's help and what it accepts; `edited` runs on every change.
FieldEditor makeFieldEditor(const ConfigField& field, QWidget* parent, const std::function<void()>& edited);

}  // namespace comet::gui
