// SPDX-License-Identifier: GPL-3.0-or-later
// The setup form edits the same config the CLI reads: YAML -> form -> YAML is
// lossless, and bad values are flagged at their field with the loader's message.
#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest>

#include "core/config/ConfigLoader.h"
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
    QVERIFY(!lr->toolTip().isEmpty());
    QCOMPARE(form.config().train.lr, ExperimentConfig{}.train.lr);  // the bad value is not applied
    lr->setText("0.01");
    QVERIFY(form.isValid());
    QVERIFY(lr->toolTip().isEmpty());
    form.fieldEditor("seed")->setText("one");
    QVERIFY(!form.isValid());
  }
};

QTEST_MAIN(TestConfigForm)
#include "tst_config_form.moc"
