// SPDX-License-Identifier: GPL-3.0-or-later
// The setup form edits the same config the CLI reads: YAML -> form -> YAML is
// lossless, and bad values are flagged at their field with the loader's message.
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSpinBox>
#include <climits>
#include <QSignalSpy>
#include <QtTest>

#include "core/config/ConfigLoader.h"
#include "core/config/ConfigSchema.h"
#include "widgets/ConfigForm.h"

using namespace comet;

class TestConfigForm : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void roundTripsQuickstart() {
    const auto config = ConfigLoader::loadFile(COMET_SOURCE_DIR "/experiments/quickstart.yaml");
    gui::ConfigForm form;
    form.setConfig(config);
    QVERIFY2(form.isValid(), qPrintable(form.errorText()));
    QCOMPARE(QString::fromStdString(toYaml(form.config())), QString::fromStdString(toYaml(config)));
  }

  void editsReachTheConfig() {
    gui::ConfigForm form;
    form.setConfig(ExperimentConfig{});
    QSignalSpy edited(&form, &gui::ConfigForm::configEdited);
    form.fieldEditor("train.lr")->setText("0.05");
    form.fieldEditor("model.width")->setText("300, 100");
    form.fieldEditor("seed")->setText("3, 4, 5");
    QVERIFY(edited.count() >= 3);
    QVERIFY2(form.isValid(), qPrintable(form.errorText()));
    const auto c = form.config();
    QCOMPARE(c.train.lr, 0.05);
    QCOMPARE(c.model.widths, (std::vector<int64_t>{300, 100}));
    const auto perSeed = form.configsPerSeed();
    QCOMPARE(perSeed.size(), size_t(3));
    QCOMPARE(perSeed[2].seed, uint64_t(5));
    // And back through YAML.
    const auto reread = ConfigLoader::loadString(toYaml(c), "<test>");
    QCOMPARE(QString::fromStdString(toYaml(reread)), QString::fromStdString(toYaml(c)));
  }

  void flagsInvalidFieldsWithTheLoaderMessage() {
    gui::ConfigForm form;
    form.setConfig(ExperimentConfig{});
    auto* lr = form.fieldEditor("train.lr");
    lr->setText("fast");
    QVERIFY(!form.isValid());
    QVERIFY(form.errorText().contains("train.lr"));
    QVERIFY(lr->toolTip() != lr->property("help").toString());  // the loader's message, not the key's help
    QVERIFY(!lr->styleSheet().isEmpty());                         // and the red mark
    QCOMPARE(form.config().train.lr, ExperimentConfig{}.train.lr);  // the bad value is not applied
    QVERIFY(lr->toolTip().contains("expected a number in (0, 10]"));
    lr->setText("0.01");
    QVERIFY(form.isValid());
    QVERIFY(!lr->toolTip().contains("expected"));  // back to the key's help
    form.fieldEditor("seed")->setText("one");
    QVERIFY(!form.isValid());
  }

  // A bad value is marked at the key the loader names (validateConfig), and at no
  // other; its tooltip is the loader's message less the override it came from,
  // even when the value holds the "': " that the form once cut the message at.
  void badValuesMarkTheKeyTheLoaderNames_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("tooltip");
    QTest::newRow("p_k above 1") << "model.pk" << "2" << "key 'model.pk': 2 is out of range";
    QTest::newRow("lr not a number") << "train.lr" << "fast" << "key 'train.lr': expected a number in (0, 10]";
    QTest::newRow("l1 negative") << "model.l1_lambda" << "-1" << "key 'model.l1_lambda': -1 is out of range";
    QTest::newRow("mean not YAML") << "data.mean" << "[0.5" << "the value is not valid YAML";
    QTest::newRow("quote in the value") << "data.std" << "1': 2" << "key 'data.std': ";
  }
  void badValuesMarkTheKeyTheLoaderNames() {
    QFETCH(QString, key);
    QFETCH(QString, text);
    QFETCH(QString, tooltip);
    gui::ConfigForm form;
    form.setConfig(ExperimentConfig{});
    form.fieldEditor(key)->setText(text);
    QVERIFY(!form.isValid());
    QVERIFY2(!form.errorText().contains('\n'), qPrintable(form.errorText()));  // one field only
    QVERIFY2(form.errorText().startsWith(key + ": " + tooltip), qPrintable(form.errorText()));
    QVERIFY2(form.fieldEditor(key)->toolTip().startsWith(tooltip), qPrintable(form.fieldEditor(key)->toolTip()));
    QVERIFY(!form.fieldEditor(key)->styleSheet().isEmpty());
    QVERIFY(form.fieldEditor(key == "train.lr" ? "model.pk" : "train.lr")->styleSheet().isEmpty());
  }

  // Keys that must agree are marked at the edit that broke the agreement, with the
  // loader's message (not the name of the text it validated, "<config>").
  void disagreeingKeysMarkTheEdit() {
    gui::ConfigForm form;
    form.setConfig(ExperimentConfig{});
    form.fieldEditor("data.std")->setText("0.3, 0.4");
    QCOMPARE(form.errorText(), QString("data.std: data.mean has 1 values but data.std has 2; give one value per channel in both"));
    ExperimentConfig moe;
    moe.model.backbone = "moe";
    moe.model.experts = 4;
    form.setConfig(moe);
    qobject_cast<QSpinBox*>(form.editor("model.gate_k"))->setValue(5);
    QVERIFY2(form.errorText().startsWith("model.gate_k: key 'model.gate_k': 5 is larger than model.experts (4)"),
             qPrintable(form.errorText()));
    QVERIFY(!form.errorText().contains('\n'));
  }

  // The form is built from the schema: every key has an editor of its kind, with
  // the schema's range and choices (they drifted when the form listed its own:
  // batch size up to 65,536 in the form, 2^20 in the schema).
  void everyKeyFromTheSchema() {
    gui::ConfigForm form;
    for (const ConfigField& f : configSchema()) {
      const QString key = QString::fromStdString(f.key);
      QWidget* editor = form.editor(key);
      QVERIFY2(editor, qPrintable(key + " has no editor"));
      if (f.kind == FieldKind::Integer && key != "seed") {
        auto* spin = qobject_cast<QSpinBox*>(editor);
        QVERIFY2(spin, qPrintable(key));
        QCOMPARE(spin->minimum(), static_cast<int>(std::max<double>(f.min, INT_MIN)));
        QCOMPARE(spin->maximum(), static_cast<int>(std::min<double>(f.max, INT_MAX)));
      } else if (f.kind == FieldKind::Choice) {
        auto* combo = qobject_cast<QComboBox*>(editor);
        QVERIFY2(combo, qPrintable(key));
        QStringList items;
        for (int i = 0; i < combo->count(); ++i) items << combo->itemText(i);
        QStringList want;
        for (const auto& c : f.choices) want << QString::fromStdString(c);
        QCOMPARE(items, want);
      } else if (f.kind == FieldKind::Boolean) {
        QVERIFY2(qobject_cast<QCheckBox*>(editor), qPrintable(key));
      }
    }
    QCOMPARE(qobject_cast<QSpinBox*>(form.editor("train.batch_size"))->maximum(), 1 << 20);
    QCOMPARE(form.editor("seed"), static_cast<QWidget*>(form.fieldEditor("seed")));
  }

  // Keys that fold under "More settings" edit the config like the others; fields
  // left alone keep their exact values.
  void foldedKeysAndExactValues() {
    ExperimentConfig base;
    base.train.lr = 0.000123456789012345;
    base.data.mean = {0.1307};
    gui::ConfigForm form;
    form.setConfig(base);
    qobject_cast<QSpinBox*>(form.editor("train.checkpoint_every_steps"))->setValue(250);
    qobject_cast<QCheckBox*>(form.editor("probe.every_epoch"))->setChecked(true);
    form.fieldEditor("train.weight_decay")->setText("0.01");
    form.fieldEditor("data.std")->setText("0.3, 0.4");
    QVERIFY(form.errorText().contains("data.mean has 1 values but data.std has 2"));  // across fields
    form.fieldEditor("data.mean")->setText("0.2, 0.25");
    QVERIFY2(form.isValid(), qPrintable(form.errorText()));
    const auto c = form.config();
    QCOMPARE(c.train.checkpointEverySteps, int64_t{250});
    QVERIFY(c.probe.everyEpoch);
    QCOMPARE(c.train.weightDecay, 0.01);
    QCOMPARE(c.data.std, (std::vector<double>{0.3, 0.4}));
    QCOMPARE(c.data.mean, (std::vector<double>{0.2, 0.25}));
    QCOMPARE(c.train.lr, 0.000123456789012345);  // untouched: exact, not the text's 15 digits
    form.fieldEditor("model.l1_lambda")->setText("-1");
    QVERIFY2(form.errorText().contains("-1 is out of range: expected a number in [0, inf)"), qPrintable(form.errorText()));
    QVERIFY(form.errorText().startsWith("model.l1_lambda: "));
  }

  // The form shows a backbone's own keys only: the MLP's method and p_k, or the
  // mixture's gate keys; switching keeps what the hidden fields hold.
  void fieldsFollowTheBackbone() {
    gui::ConfigForm form;
    form.show();  // row visibility is a layout property; shown or not, it must follow
    QVERIFY(form.isFieldShown("model.method"));
    QVERIFY(form.isFieldShown("model.pk"));
    QVERIFY(!form.isFieldShown("model.gate"));
    QVERIFY(!form.isFieldShown("model.local_search"));
    QVERIFY(form.isFieldShown("model.width"));  // both
    form.fieldEditor("model.pk")->setText("0.25");
    qobject_cast<QComboBox*>(form.editor("model.backbone"))->setCurrentText("moe");
    QVERIFY(!form.isFieldShown("model.method"));
    QVERIFY(!form.isFieldShown("model.pk"));
    QVERIFY(!form.isFieldShown("probe.pair_examples"));
    QVERIFY(form.isFieldShown("model.gate"));
    QVERIFY(form.isFieldShown("model.experts"));
    QVERIFY(form.isFieldShown("model.local_search_epochs"));
    QVERIFY(form.isFieldShown("train.task_weights"));
    qobject_cast<QComboBox*>(form.editor("model.gate"))->setCurrentText("dselect_k");
    auto c = form.config();
    QCOMPARE(c.model.backbone, std::string("moe"));
    QCOMPARE(c.model.gate, std::string("dselect_k"));
    QCOMPARE(c.model.pk, 0.25);  // hidden, kept
    // A config with the mixture shows its fields when loaded.
    ExperimentConfig moe;
    moe.model.backbone = "moe";
    gui::ConfigForm loaded;
    loaded.setConfig(moe);
    QVERIFY(loaded.isFieldShown("model.gate_k"));
    QVERIFY(!loaded.isFieldShown("model.norm"));
    // Every restricted key is hidden for the other backbone.
    for (const ConfigField& f : configSchema())
      if (f.key != "seed")  // the Seeds line stands for it
        QVERIFY2(loaded.isFieldShown(QString::fromStdString(f.key)) == appliesToBackbone(f, "moe"), f.key.c_str());
  }

  // A transformer shows its own keys, and k per token of one block's MLPs.
  void transformerFields() {
    ExperimentConfig vit;
    vit.model.backbone = "vit";
    vit.model.embedDim = 64;
    vit.model.mlpRatio = 4;
    gui::ConfigForm form;
    form.setConfig(vit);
    for (const char* key : {"model.embed_dim", "model.depth", "model.heads", "model.patch_size", "model.pk", "model.method"})
      QVERIFY2(form.isFieldShown(key), key);
    for (const char* key : {"model.width", "model.hidden_layers", "model.gate", "model.norm", "model.token_mlp_dim"})
      QVERIFY2(!form.isFieldShown(key), key);
    QStringList texts;
    for (auto* label : form.findChildren<QLabel*>()) texts << label->text().replace('\n', ' ');
    QVERIFY2(texts.join('|').contains("k per token in each of the 4 blocks: 128 of 256 (MLP)"), qPrintable(texts.join('|')));
    qobject_cast<QComboBox*>(form.editor("model.backbone"))->setCurrentText("mixer");
    QVERIFY(!form.isFieldShown("model.heads"));
    QVERIFY(form.isFieldShown("model.mixer_masked"));
    texts.clear();
    for (auto* label : form.findChildren<QLabel*>()) texts << label->text().replace('\n', ' ');
    QVERIFY2(texts.join('|').contains("32 of 64 (token MLP)"), qPrintable(texts.join('|')));
  }

  // GPT: its context length and the Text samples section, which other backbones
  // do not show at all.
  void gptFieldsAndTheSamplesSection() {
    const auto samplesBox = [](const gui::ConfigForm& form) {
      for (auto* box : form.findChildren<QGroupBox*>())
        if (box->title() == "Text samples") return box;
      return static_cast<QGroupBox*>(nullptr);
    };
    ExperimentConfig gpt;
    gpt.data.dataset = "text";
    gpt.model.backbone = "gpt";
    gpt.model.embedDim = 128;
    gpt.model.mlpRatio = 4;
    gui::ConfigForm form;
    form.setConfig(gpt);
    form.show();
    for (const char* key : {"model.context_length", "model.heads", "sample.prompt", "sample.temperature", "data.text_block"})
      QVERIFY2(form.isFieldShown(key), key);
    QVERIFY(!form.isFieldShown("model.patch_size"));
    QVERIFY(samplesBox(form) && samplesBox(form)->isVisible());
    QStringList texts;
    for (auto* label : form.findChildren<QLabel*>()) texts << label->text().replace('\n', ' ');
    QVERIFY2(texts.join('|').contains("256 of 512 (MLP)"), qPrintable(texts.join('|')));
    qobject_cast<QComboBox*>(form.editor("model.backbone"))->setCurrentText("vit");
    QVERIFY(!form.isFieldShown("sample.prompt"));
    QVERIFY(!samplesBox(form)->isVisible());
  }

  // In the workbench the form sits in a scroll area: rows shown for the mixture
  // before the window appears must get their full height (a word-wrapped label
  // once made Qt keep the MLP's height and squeeze Widths and Activation to 0 px).
  void shownRowsKeepTheirHeightInAScrollArea() {
    QScrollArea scroll;
    scroll.setWidgetResizable(true);
    auto* form = new gui::ConfigForm;
    scroll.setWidget(form);
    ExperimentConfig moe;
    moe.model.backbone = "moe";
    moe.model.widths = {256, 64};
    form->setConfig(moe);
    scroll.resize(360, 600);
    scroll.show();
    QVERIFY(QTest::qWaitForWindowExposed(&scroll));
    for (const char* key : {"model.backbone", "model.gate", "model.gate_k", "model.width", "model.activation"}) {
      QVERIFY2(form->editor(key)->isVisible(), key);
      QVERIFY2(form->editor(key)->height() >= form->editor(key)->minimumSizeHint().height(), key);
    }
  }

  // A list of names (data.csv_targets) is typed comma-separated and read as a list.
  void nameLists() {
    gui::ConfigForm form;
    form.setConfig(ExperimentConfig{});
    QCOMPARE(form.fieldEditor("data.csv_targets")->text(), QString());
    form.fieldEditor("data.csv_targets")->setText("watched, rating");
    form.fieldEditor("data.csv_tasks")->setText("classification");
    QVERIFY(form.errorText().contains("data.csv_tasks has 1 entries but data.csv_targets has 2"));
    form.fieldEditor("data.csv_tasks")->setText("classification, regression");
    QVERIFY2(form.isValid(), qPrintable(form.errorText()));
    QCOMPARE(form.config().data.csvTargets, (std::vector<std::string>{"watched", "rating"}));
    form.setConfig(form.config());
    QCOMPARE(form.fieldEditor("data.csv_tasks")->text(), QString("classification, regression"));
  }
};

QTEST_MAIN(TestConfigForm)
#include "tst_config_form.moc"
