// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/ConfigForm.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <map>

#include "core/config/ConfigLoader.h"
#include "widgets/CapInfo.h"

namespace comet::gui {
namespace {

// The sections of the form and the keys each shows up front (in this order); the
// section's other keys fold under "More ... settings". Any key the schema has
// appears in its section: `name` with the data, every other key by its prefix.
struct Section {
  const char* title;
  const char* prefix;
  std::vector<const char*> common;
};
const std::vector<Section>& sections() {
  static const std::vector<Section> s = {
      {"Data", "data.", {"name", "data.dataset", "data.root", "data.train_subset"}},
      {"Model", "model.", {"model.backbone", "model.method", "model.gate", "model.experts", "model.gate_k",
                           "model.width", "model.hidden_layers", "model.embed_dim", "model.depth", "model.heads",
                           "model.patch_size", "model.context_length", "model.pk", "model.activation", "model.norm"}},
      {"Training", "train.", {"train.optimizer", "train.lr", "train.batch_size", "train.epochs"}},
      {"Probes", "probe.", {}},
      {"Text samples", "sample.", {"sample.prompt", "sample.temperature", "sample.length"}},
      {"Continual learning", "continual.",
       {"continual.sequence", "continual.scenario", "continual.tasks", "continual.epochs_per_task",
        "continual.strategy"}},
  };
  return s;
}

bool inSection(const ConfigField& f, const Section& s) {
  const std::string prefix = s.prefix;
  return f.key.compare(0, prefix.size(), prefix) == 0 || (f.key == "name" && prefix == "data.");
}

QString quoted(const QString& s) {
  return QStringLiteral("\"%1\"").arg(QString(s).replace('\\', "\\\\").replace('"', "\\\""));
}

}  // namespace

ConfigForm::ConfigForm(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  for (const Section& section : sections()) {
    auto* box = new QGroupBox(tr(section.title), this);
    auto* common = new QFormLayout(box);
    for (const char* key : section.common)
      if (const ConfigField* f = configField(key)) addField(*f, common);
    if (std::string(section.prefix) == "train.") {
      m_seeds = new QLineEdit(this);
      m_seeds->setToolTip(tr("One run per seed, one after another: 0, 1, 2"));
      common->addRow(tr("Seeds"), m_seeds);
      connect(m_seeds, &QLineEdit::textChanged, this, &ConfigForm::edited);
    }
    // The rest of the section, folded.
    auto* more = new QWidget(box);
    auto* moreForm = new QFormLayout(more);
    moreForm->setContentsMargins(0, 0, 0, 0);
    for (const ConfigField& f : configSchema()) {
      const bool shown = std::any_of(section.common.begin(), section.common.end(),
                                     [&](const char* k) { return f.key == k; });
      if (inSection(f, section) && !shown) addField(f, moreForm);
    }
    if (moreForm->rowCount() > 0) {
      auto* toggle = new QToolButton(box);
      toggle->setText(section.common.empty() ? tr("Settings") : tr("More settings"));
      toggle->setCheckable(true);
      toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
      toggle->setArrowType(Qt::RightArrow);
      toggle->setAutoRaise(true);
      more->setVisible(false);
      connect(toggle, &QToolButton::toggled, this, [toggle, more](bool open) {
        toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        more->setVisible(open);
      });
      common->addRow(toggle);
      common->addRow(more);
    }
    layout->addWidget(box);
  }
  layout->addStretch(1);
  setConfig(ExperimentConfig{});
}

// The key's editor (widgets/FieldEditor) in a row of `form`; returns it.
QWidget* ConfigForm::addField(const ConfigField& f, QFormLayout* form) {
  m_fields.push_back({makeFieldEditor(f, this, [this] { edited(); }), &f, form});
  form->addRow(QString::fromStdString(f.label.empty() ? f.key : f.label), m_fields.back().row);
  if (f.key == "model.pk") {  // k per layer below the slider (for moe, with p_k hidden: the gates' k of n)
    m_capInfo = new QLabel(this);  // not word-wrapped: capInfoText breaks its lines (widgets/CapInfo.cpp says why)
    form->addRow(QString(), m_capInfo);
  }
  return m_fields.back().editor;
}

QWidget* ConfigForm::editor(const QString& key) const {
  if (key == "seed") return m_seeds;
  for (const auto& f : m_fields)
    if (QString::fromStdString(f.schema->key) == key) return f.editor;
  return nullptr;
}

QLineEdit* ConfigForm::fieldEditor(const QString& key) const { return qobject_cast<QLineEdit*>(editor(key)); }

bool ConfigForm::isFieldShown(const QString& key) const {
  for (const auto& f : m_fields)
    if (QString::fromStdString(f.schema->key) == key) return f.form->isRowVisible(f.row);
  return false;
}

void ConfigForm::showBackboneFields() {
  QString backbone = QString::fromStdString(m_base.model.backbone);
  for (const auto& f : m_fields)
    if (f.schema->key == "model.backbone") backbone = f.text();
  for (const auto& f : m_fields) {
    const bool show = appliesToBackbone(*f.schema, backbone.toStdString());
    if (f.form->isRowVisible(f.row) == show) continue;
    f.form->setRowVisible(f.row, show);
    // Qt 6.4 keeps the box's old size hint (rows then get a height of 0 when a
    // scroll area sizes the form): tell every widget up to the form.
    f.form->invalidate();
    for (QWidget* w = f.form->parentWidget(); w && w != parentWidget(); w = w->parentWidget()) w->updateGeometry();
  }
  // A section with none of its keys shown (Text samples for an image model) goes too.
  std::map<QGroupBox*, bool> anyShown;
  for (const auto& f : m_fields) {
    QWidget* w = f.form->parentWidget();
    while (w && !qobject_cast<QGroupBox*>(w)) w = w->parentWidget();
    if (auto* box = qobject_cast<QGroupBox*>(w)) anyShown[box] = anyShown[box] || appliesToBackbone(*f.schema, backbone.toStdString());
  }
  for (const auto& [box, shown] : anyShown) box->setVisible(shown);
}

QString ConfigForm::yamlValue(const Field& field) const {
  const QString t = field.text().trimmed();
  switch (field.schema->kind) {
    case FieldKind::Text:
    case FieldKind::Folder:
    case FieldKind::Choice: return quoted(field.text());
    case FieldKind::IntegerList:
    case FieldKind::RealList: return t.contains(',') ? "[" + t + "]" : t;
    case FieldKind::TextList: return "[" + t + "]";
    default: return t;
  }
}

void ConfigForm::setConfig(const ExperimentConfig& c, const std::vector<uint64_t>& seeds) {
  m_loading = true;
  m_base = c;
  for (auto& f : m_fields) f.setText(QString::fromStdString(fieldText(*f.schema, c)));
  QStringList s;
  for (auto seed : seeds.empty() ? std::vector<uint64_t>{c.seed} : seeds) s << QString::number(seed);
  m_seeds->setText(s.join(", "));
  m_loading = false;
  validate();
  showBackboneFields();
  updateCapInfo();
}

void ConfigForm::edited() {
  if (m_loading) return;
  validate();
  showBackboneFields();
  updateCapInfo();
  Q_EMIT configEdited();
}

std::vector<uint64_t> ConfigForm::seeds() const {
  std::vector<uint64_t> out;
  for (const auto& part : m_seeds->text().split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts)) {
    bool ok = false;
    const auto v = part.toULongLong(&ok);
    if (ok) out.push_back(v);
  }
  return out;
}

ExperimentConfig ConfigForm::config() const {
  // Only the fields that differ from the config they were filled from: an untouched
  // field keeps its exact value, whatever its text shows.
  std::vector<std::string> overrides;
  for (const auto& f : m_fields) {
    const QString key = QString::fromStdString(f.schema->key);
    if (!m_errors.count(key) && f.text() != QString::fromStdString(fieldText(*f.schema, m_base)))
      overrides.push_back((key + "=" + yamlValue(f)).toStdString());
  }
  ExperimentConfig c = m_base;
  try {
    c = ConfigLoader::withOverrides(m_base, overrides);
  } catch (const std::exception&) {
    // Fields are validated one by one; a combination the loader refuses keeps the base.
  }
  const auto s = seeds();
  if (!s.empty()) c.seed = s.front();
  return c;
}

std::vector<ExperimentConfig> ConfigForm::configsPerSeed() const {
  std::vector<ExperimentConfig> out;
  const ExperimentConfig c = config();
  for (auto seed : seeds()) {
    out.push_back(c);
    out.back().seed = seed;
  }
  return out;
}

QString ConfigForm::errorText() const {
  QStringList lines;
  for (const auto& [key, message] : m_errors) lines << key + ": " + message;
  return lines.join('\n');
}

void ConfigForm::validate() {
  m_errors.clear();
  const auto problem = [this](const std::vector<std::string>& overrides) { return validateConfig(m_base, overrides); };
  // 1. Each field's own value (type, range, choice): the loader names the key.
  std::vector<std::pair<QString, std::string>> good;  // edited fields whose own value is fine
  for (const auto& f : m_fields) {
    const QString key = QString::fromStdString(f.schema->key);
    const std::string override = f.schema->key + "=" + yamlValue(f).toStdString();
    const auto p = problem({override});
    if (p && p->ofOverride) m_errors[QString::fromStdString(p->key)] = QString::fromStdString(p->message);
    else if (f.text() != QString::fromStdString(fieldText(*f.schema, m_base))) good.emplace_back(key, override);
  }
  // 2. Keys that must agree (data.mean and data.std) are judged together, so they
  // can be changed one after the other: an edit that the rest loads without is
  // part of the conflict.
  std::vector<std::string> all;
  for (const auto& [key, override] : good) all.push_back(override);
  if (const auto together = problem(all)) {
    const QString message = QString::fromStdString(together->message);
    bool named = false;
    for (const auto& [key, override] : good) {
      std::vector<std::string> others;
      for (const auto& o : all)
        if (o != override) others.push_back(o);
      if (!problem(others)) {
        m_errors[key] = message;
        named = true;
      }
    }
    if (!named)
      for (const auto& [key, override] : good) m_errors[key] = message;
  }
  if (seeds().empty() || m_seeds->text().contains(QRegularExpression("[^0-9,\\s]")))
    m_errors["seed"] = tr("expected one or more non-negative integers, like 0, 1, 2");
  const auto mark = [this](QWidget* editor, const QString& key) {
    const auto it = m_errors.find(key);
    const bool bad = it != m_errors.end();
    editor->setStyleSheet(bad ? QStringLiteral("background-color: #f8d0d0; color: black;") : QString());
    editor->setToolTip(bad ? it->second : editor->property("help").toString());
  };
  for (const auto& f : m_fields) mark(f.editor, QString::fromStdString(f.schema->key));
  mark(m_seeds, QStringLiteral("seed"));
}

void ConfigForm::updateCapInfo() {
  if (m_capInfo) m_capInfo->setText(capInfoText(config()));
}

}  // namespace comet::gui
