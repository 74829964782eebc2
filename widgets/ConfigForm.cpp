// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/ConfigForm.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "core/config/ConfigLoader.h"
#include "core/model/MethodNames.h"
#include "core/util/Error.h"
#include "core/model/CapMath.h"

namespace comet::gui {
namespace {

QComboBox* combo(QWidget* parent, const QStringList& items) {
  auto* c = new QComboBox(parent);
  c->addItems(items);
  return c;
}

void setComboText(QComboBox* c, const std::string& text) {
  const QString t = QString::fromStdString(text);
  if (c->findText(t) < 0) c->addItem(t);
  c->setCurrentText(t);
}

QString joinNumbers(const std::vector<int64_t>& v) {
  QStringList parts;
  for (auto x : v) parts << QString::number(x);
  return parts.join(", ");
}

}  // namespace

ConfigForm::ConfigForm(QWidget* parent) : QWidget(parent) {
  m_name = new QLineEdit(this);
  m_dataset = combo(this, {"fashion_mnist", "mnist", "idx", "cifar10", "cifar100", "csv"});
  m_root = new QLineEdit(this);
  auto* browse = new QToolButton(this);
  browse->setText(QStringLiteral("…"));
  browse->setToolTip(tr("Choose the data folder"));
  auto* rootRow = new QWidget(this);
  auto* rootLayout = new QHBoxLayout(rootRow);
  rootLayout->setContentsMargins(0, 0, 0, 0);
  rootLayout->addWidget(m_root, 1);
  rootLayout->addWidget(browse);
  m_trainSubset = new QSpinBox(this);
  m_trainSubset->setRange(0, 10'000'000);
  m_trainSubset->setSpecialValueText(tr("all"));
  QStringList methods;
  for (const auto& m : methodNames()) methods << QString::fromStdString(m);
  m_method = combo(this, methods);
  for (int i = 0; i < m_method->count(); ++i)
    m_method->setItemData(i, QString::fromStdString(methodDescription(m_method->itemText(i).toStdString())),
                          Qt::ToolTipRole);
  m_widths = new QLineEdit(this);
  m_widths->setToolTip(tr("One width for every hidden layer, or one per layer: 1000, 500, 250"));
  m_layers = new QSpinBox(this);
  m_layers->setRange(1, 64);
  m_pkSlider = new QSlider(Qt::Horizontal, this);
  m_pkSlider->setRange(1, 1000);
  m_pk = new QDoubleSpinBox(this);
  m_pk->setRange(0.001, 1.0);
  m_pk->setDecimals(3);
  m_pk->setSingleStep(0.05);
  auto* pkRow = new QWidget(this);
  auto* pkLayout = new QHBoxLayout(pkRow);
  pkLayout->setContentsMargins(0, 0, 0, 0);
  pkLayout->addWidget(m_pkSlider, 1);
  pkLayout->addWidget(m_pk);
  m_capInfo = new QLabel(this);
  m_capInfo->setWordWrap(true);
  m_activation = combo(this, {"softplus", "relu", "gelu", "tanh", "leaky_relu", "silu", "elu"});
  m_norm = combo(this, {"none", "batch", "layer"});
  m_optimizer = combo(this, {"sgd", "sgd_momentum", "adam", "adamw"});
  m_lr = new QLineEdit(this);
  m_batch = new QSpinBox(this);
  m_batch->setRange(1, 65536);
  m_epochs = new QSpinBox(this);
  m_epochs->setRange(1, 100000);
  m_seeds = new QLineEdit(this);
  m_seeds->setToolTip(tr("One run per seed, one after another: 0, 1, 2"));

  auto* data = new QGroupBox(tr("Data"), this);
  auto* dataForm = new QFormLayout(data);
  dataForm->addRow(tr("Name"), m_name);
  dataForm->addRow(tr("Dataset"), m_dataset);
  dataForm->addRow(tr("Data root"), rootRow);
  dataForm->addRow(tr("Training subset"), m_trainSubset);
  auto* model = new QGroupBox(tr("Model"), this);
  auto* modelForm = new QFormLayout(model);
  modelForm->addRow(tr("Method"), m_method);
  modelForm->addRow(tr("Widths"), m_widths);
  modelForm->addRow(tr("Hidden layers"), m_layers);
  modelForm->addRow(tr("p_k"), pkRow);
  modelForm->addRow(QString(), m_capInfo);
  modelForm->addRow(tr("Activation"), m_activation);
  modelForm->addRow(tr("Norm"), m_norm);
  auto* train = new QGroupBox(tr("Training"), this);
  auto* trainForm = new QFormLayout(train);
  trainForm->addRow(tr("Optimizer"), m_optimizer);
  trainForm->addRow(tr("Learning rate"), m_lr);
  trainForm->addRow(tr("Batch size"), m_batch);
  trainForm->addRow(tr("Epochs"), m_epochs);
  trainForm->addRow(tr("Seeds"), m_seeds);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(data);
  layout->addWidget(model);
  layout->addWidget(train);
  layout->addStretch(1);

  const auto quoted = [](const QString& s) { return QStringLiteral("\"%1\"").arg(QString(s).replace('"', "\\\"")); };
  addField("name", m_name, [=] { return quoted(m_name->text()); });
  addField("data.dataset", m_dataset, [=] { return m_dataset->currentText(); });
  addField("data.root", m_root, [=] { return quoted(m_root->text()); });
  addField("data.train_subset", m_trainSubset, [=] { return QString::number(m_trainSubset->value()); });
  addField("model.method", m_method, [=] { return m_method->currentText(); });
  addField("model.width", m_widths, [=] {
    const QString t = m_widths->text().trimmed();
    return t.contains(',') ? "[" + t + "]" : t;
  });
  addField("model.hidden_layers", m_layers, [=] { return QString::number(m_layers->value()); });
  addField("model.pk", m_pk, [=] { return QString::number(m_pk->value(), 'g', 6); });
  addField("model.activation", m_activation, [=] { return m_activation->currentText(); });
  addField("model.norm", m_norm, [=] { return m_norm->currentText(); });
  addField("train.optimizer", m_optimizer, [=] { return m_optimizer->currentText(); });
  addField("train.lr", m_lr, [=] { return m_lr->text().trimmed(); });
  addField("train.batch_size", m_batch, [=] { return QString::number(m_batch->value()); });
  addField("train.epochs", m_epochs, [=] { return QString::number(m_epochs->value()); });
  m_editors["seed"] = m_seeds;

  const auto edited = [this] {
    if (m_loading) return;
    validate();
    updateCapInfo();
    Q_EMIT configEdited();
  };
  for (auto* e : {m_name, m_root, m_widths, m_lr, m_seeds}) connect(e, &QLineEdit::textChanged, this, edited);
  for (auto* c : {m_dataset, m_method, m_activation, m_norm, m_optimizer})
    connect(c, &QComboBox::currentIndexChanged, this, edited);
  for (auto* s : {m_trainSubset, m_layers, m_batch, m_epochs}) connect(s, &QSpinBox::valueChanged, this, edited);
  connect(m_pk, &QDoubleSpinBox::valueChanged, this, [this, edited](double v) {
    const QSignalBlocker block(m_pkSlider);
    m_pkSlider->setValue(static_cast<int>(std::lround(v * 1000)));
    edited();
  });
  connect(m_pkSlider, &QSlider::valueChanged, this, [this](int v) { m_pk->setValue(v / 1000.0); });
  connect(browse, &QToolButton::clicked, this, &ConfigForm::browseRoot);
  setConfig(ExperimentConfig{});
}

void ConfigForm::addField(const QString& key, QWidget* editor, std::function<QString()> value) {
  m_fields.emplace_back(key, std::move(value));
  m_editors[key] = editor;
}

QLineEdit* ConfigForm::fieldEditor(const QString& key) const {
  auto it = m_editors.find(key);
  return it == m_editors.end() ? nullptr : qobject_cast<QLineEdit*>(it->second);
}

QString ConfigForm::browseRoot() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Data folder"), m_root->text());
  if (!dir.isEmpty()) m_root->setText(dir);
  return dir;
}

void ConfigForm::setConfig(const ExperimentConfig& c, const std::vector<uint64_t>& seeds) {
  m_loading = true;
  m_base = c;
  m_name->setText(QString::fromStdString(c.name));
  setComboText(m_dataset, c.data.dataset);
  m_root->setText(QString::fromStdString(c.data.root));
  m_trainSubset->setValue(static_cast<int>(c.data.trainSubset));
  setComboText(m_method, c.model.method);
  m_widths->setText(joinNumbers(c.model.widths));
  m_layers->setValue(static_cast<int>(c.model.hiddenLayers));
  m_pk->setValue(c.model.pk);
  m_pkSlider->setValue(static_cast<int>(std::lround(c.model.pk * 1000)));
  setComboText(m_activation, c.model.activation);
  setComboText(m_norm, c.model.norm);
  setComboText(m_optimizer, c.train.optimizer);
  m_lr->setText(QString::number(c.train.lr, 'g', 6));
  m_batch->setValue(static_cast<int>(c.train.batchSize));
  m_epochs->setValue(static_cast<int>(c.train.epochs));
  QStringList s;
  for (auto seed : seeds.empty() ? std::vector<uint64_t>{c.seed} : seeds) s << QString::number(seed);
  m_seeds->setText(s.join(", "));
  m_loading = false;
  validate();
  updateCapInfo();
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
  std::vector<std::string> overrides;
  for (const auto& [key, value] : m_fields)
    if (!m_errors.count(key)) overrides.push_back((key + "=" + value()).toStdString());
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
  for (const auto& [key, value] : m_fields) {
    try {
      ConfigLoader::withOverrides(m_base, {(key + "=" + value()).toStdString()});
    } catch (const std::exception& e) {
      QString message = QString::fromUtf8(e.what());
      const int cut = message.indexOf("': ");
      if (message.startsWith("command-line override") && cut > 0) message = message.mid(cut + 3);
      m_errors[key] = message;
    }
  }
  if (seeds().empty() || m_seeds->text().contains(QRegularExpression("[^0-9,\\s]")))
    m_errors["seed"] = tr("expected one or more non-negative integers, like 0, 1, 2");
  for (const auto& [key, editor] : m_editors) {
    const auto it = m_errors.find(key);
    const bool bad = it != m_errors.end();
    editor->setStyleSheet(bad ? QStringLiteral("background-color: #f8d0d0; color: black;") : QString());
    editor->setToolTip(bad ? it->second : QString());
  }
}

void ConfigForm::updateCapInfo() {
  const ExperimentConfig c = config();
  const auto widths = hiddenWidths(c.model);
  QStringList ks, masks;
  for (auto n : widths) {
    const auto k = capK(c.model.pk, n);
    ks << QString::number(k);
    masks << QStringLiteral("10^%1").arg(log10Binomial(n, k), 0, 'f', 1);
  }
  const bool routed = c.model.method != "standard";
  m_capInfo->setText(routed ? tr("k per layer: %1\npossible masks per layer: %2").arg(ks.join(", "), masks.join(", "))
                            : tr("standard MLP: every neuron active (p_k unused)"));
}

}  // namespace comet::gui
