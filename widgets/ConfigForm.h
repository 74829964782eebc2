// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QWidget>
#include <map>
#include <vector>

#include "core/config/ConfigSchema.h"
#include "core/config/ExperimentConfig.h"
#include "widgets/FieldEditor.h"

class QFormLayout;
class QLabel;
class QLineEdit;

namespace comet::gui {

// The experiment setup form, built from the config schema (core/config/ConfigSchema):
// every key gets an editor chosen by its kind (choices, integer range, number,
// list, folder, switch: widgets/FieldEditor) with its label and help, so a new key
// appears here without hand-written widgets. The common keys of each section are shown, the rest fold
// under "More ... settings". Every field is validated through ConfigLoader, so the
// GUI accepts exactly what `comet run` accepts; a bad field turns red and its
// tooltip carries the loader's message (validateConfig names the key at fault). The seed key is replaced by "Seeds" (one
// run per seed); p_k has a slider and shows k per layer (widgets/CapInfo). Keys that mean something
// only for some backbones (ConfigField::backbones) are shown only while
// model.backbone is one of them; hidden, they keep their values.
class ConfigForm : public QWidget {
  Q_OBJECT
 public:
  explicit ConfigForm(QWidget* parent = nullptr);

  void setConfig(const ExperimentConfig& config, const std::vector<uint64_t>& seeds = {});
  // The edited config (seed: the first seed). Invalid fields keep their old value,
  // and fields left as they were keep their exact value.
  ExperimentConfig config() const;
  std::vector<uint64_t> seeds() const;
  // One config per seed.
  std::vector<ExperimentConfig> configsPerSeed() const;
  bool isValid() const { return m_errors.empty(); }
  // "field: message" lines for every invalid field.
  QString errorText() const;
  // The editor of a key ("seed": the seeds line); null when the form has none.
  QWidget* editor(const QString& key) const;
  // The same, when it is a line edit.
  QLineEdit* fieldEditor(const QString& key) const;
  // Whether the key's row is shown for the backbone chosen now (its section may
  // still be folded).
  bool isFieldShown(const QString& key) const;

 Q_SIGNALS:
  void configEdited();

 private:
  struct Field : FieldEditor {
    const ConfigField* schema = nullptr;
    QFormLayout* form = nullptr;  // the layout holding the row
  };
  QWidget* addField(const ConfigField& f, QFormLayout* form);
  QString yamlValue(const Field& field) const;    // the override's value
  void edited();
  void validate();
  void updateCapInfo();
  void showBackboneFields();

  ExperimentConfig m_base;
  std::vector<Field> m_fields;
  std::map<QString, QString> m_errors;
  bool m_loading = false;
  QLineEdit* m_seeds = nullptr;
  QLabel* m_capInfo = nullptr;
};

}  // namespace comet::gui
