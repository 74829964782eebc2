// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QWidget>
#include <functional>
#include <map>
#include <vector>

#include "core/config/ExperimentConfig.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;

namespace comet::gui {

// The experiment setup form. It edits an ExperimentConfig (keys it does not show
// keep their values) and validates every field through ConfigLoader, so that the
// GUI accepts exactly what `comet run` accepts; a bad field turns red and its
// tooltip carries the loader's message.
class ConfigForm : public QWidget {
  Q_OBJECT
 public:
  explicit ConfigForm(QWidget* parent = nullptr);

  void setConfig(const ExperimentConfig& config, const std::vector<uint64_t>& seeds = {});
  // The edited config (seed: the first seed). Invalid fields keep their old value.
  ExperimentConfig config() const;
  std::vector<uint64_t> seeds() const;
  // One config per seed.
  std::vector<ExperimentConfig> configsPerSeed() const;
  bool isValid() const { return m_errors.empty(); }
  // "field: message" lines for every invalid field.
  QString errorText() const;
  QLineEdit* fieldEditor(const QString& key) const;

 Q_SIGNALS:
  void configEdited();

 private:
  void addField(const QString& key, QWidget* editor, std::function<QString()> value);
  void validate();
  void updateCapInfo();
  QString browseRoot();

  ExperimentConfig m_base;
  std::vector<std::pair<QString, std::function<QString()>>> m_fields;  // key -> YAML value text
  std::map<QString, QWidget*> m_editors;
  std::map<QString, QString> m_errors;
  bool m_loading = false;

  QLineEdit* m_name = nullptr;
  QComboBox* m_dataset = nullptr;
  QLineEdit* m_root = nullptr;
  QSpinBox* m_trainSubset = nullptr;
  QComboBox* m_method = nullptr;
  QLineEdit* m_widths = nullptr;
  QSpinBox* m_layers = nullptr;
  QSlider* m_pkSlider = nullptr;
  QDoubleSpinBox* m_pk = nullptr;
  QLabel* m_capInfo = nullptr;
  QComboBox* m_activation = nullptr;
  QComboBox* m_norm = nullptr;
  QComboBox* m_optimizer = nullptr;
  QLineEdit* m_lr = nullptr;
  QSpinBox* m_batch = nullptr;
  QSpinBox* m_epochs = nullptr;
  QLineEdit* m_seeds = nullptr;
};

}  // namespace comet::gui
