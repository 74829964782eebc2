// SPDX-License-Identifier: GPL-3.0-or-later
// The experiment YAML: the presets load, errors name key, file, line and column,
// overrides apply Hydra-style, and the resolved YAML reads back unchanged.
#include <torch/torch.h>

#include <QtTest>

#include "core/config/ConfigLoader.h"
#include "core/util/Error.h"

using namespace comet;

namespace {

// The message of the ConfigError that loading `yaml` raises ("" when none).
QString errorOf(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  try {
    ConfigLoader::loadString(yaml, "exp.yaml", overrides);
  } catch (const ConfigError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

}  // namespace

class TestConfig : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void quickstartLoads() {
    const auto c = ConfigLoader::loadFile(COMET_SOURCE_DIR "/experiments/quickstart.yaml");
    QCOMPARE(QString::fromStdString(c.model.method), QString("comet"));
    QCOMPARE(QString::fromStdString(c.data.dataset), QString("fashion_mnist"));
    QCOMPARE(c.model.pk, 0.5);
    QCOMPARE(hiddenWidths(c.model), (std::vector<int64_t>{1000, 1000, 1000}));
    QCOMPARE(c.train.batchSize, int64_t{32});
  }

  void perLayerWidths() {
    const auto c = ConfigLoader::loadString("model:\n  width: [300, 200, 100, 50]\n", "x");
    QCOMPARE(hiddenWidths(c.model), (std::vector<int64_t>{300, 200, 100, 50}));
  }

  void errorsNameKeyAndPlace_data() {
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown key") << "seed: 1\nmodel:\n  methd: comet\n"
                                 << "exp.yaml:3:3: unknown key 'model.methd' (did you mean 'model.method'?)";
    QTest::newRow("wrong type") << "model:\n  pk: lots\n" << "exp.yaml:2:3: key 'model.pk': expected a number in (0, 1], got 'lots'";
    QTest::newRow("pk above 1") << "model:\n  pk: 1.5\n" << "exp.yaml:2:3: key 'model.pk': 1.5 is out of range";
    QTest::newRow("pk zero") << "model:\n  pk: 0\n" << "key 'model.pk': 0 is out of range: expected a number in (0, 1]";
    QTest::newRow("batch zero") << "train:\n  batch_size: 0\n" << "exp.yaml:2:3: key 'train.batch_size': 0 is out of range";
    QTest::newRow("negative width") << "model:\n  width: [100, -5]\n" << "key 'model.width': item 1: -5 is out of range";
    QTest::newRow("fractional epochs") << "train:\n  epochs: 2.5\n" << "key 'train.epochs': expected an integer";
    QTest::newRow("unknown method") << "model:\n  method: magic\n" << "'magic' is not allowed: expected one of standard smaller dropout l1 topk";
    QTest::newRow("section not a map") << "train: 5\n" << "exp.yaml:1:1: key 'train' must be a mapping";
    QTest::newRow("syntax") << "model:\n  pk: [0.5\n" << "exp.yaml:3:1: YAML syntax error";
    QTest::newRow("not a mapping") << "- a\n- b\n" << "an experiment config is a mapping";
    QTest::newRow("tab indent") << "model:\n\twidth: 10\n"
                                << "(line 2 is indented with a tab; YAML indents with spaces only)";
    QTest::newRow("repeated key") << "model:\n  width: 10\n  pk: 0.5\n  width: 20\n"
                                  << "exp.yaml:4:3: key 'width' appears twice in one mapping (first at line 2); keep one";
    QTest::newRow("repeated section") << "model: {width: 10}\ntrain: {epochs: 1}\nmodel: {pk: 0.5}\n"
                                      << "exp.yaml:3:1: key 'model' appears twice in one mapping (first at line 1)";
    QTest::newRow("mean/std sizes") << "data:\n  mean: [0.5, 0.5]\n  std: [0.5]\n" << "data.mean has 2 values but data.std has 1";
  }
  void errorsNameKeyAndPlace() {
    QFETCH(QString, yaml);
    QFETCH(QString, expected);
    const QString message = errorOf(yaml.toStdString());
    QVERIFY2(message.contains(expected), qPrintable("got: " + message));
  }

  void notUtf8() {
    QVERIFY(errorOf("seed: 1\nname: caf\xe9\n").contains("exp.yaml: byte offset 17: the file is not valid UTF-8"));
  }

  void overridesApply() {
    const auto c = ConfigLoader::loadString("model:\n  pk: 0.5\n", "x",
                                            {"model.pk=0.25", "train.epochs=3", "model.width=[10,20]", "seed=9"});
    QCOMPARE(c.model.pk, 0.25);
    QCOMPARE(c.train.epochs, int64_t{3});
    QCOMPARE(c.model.widths, (std::vector<int64_t>{10, 20}));
    QCOMPARE(c.seed, uint64_t{9});
  }

  void badOverridesAreNamed() {
    QVERIFY(errorOf("", {"model.pk=2"}).contains("command-line override 'model.pk=2': key 'model.pk': 2 is out of range"));
    QVERIFY(errorOf("", {"model.p_k=0.5"}).contains("unknown key 'model.p_k' (did you mean 'model.pk'?)"));
    QVERIFY(errorOf("", {"nonsense"}).contains("expected key=value"));
  }

  // validateConfig gives the key at fault apart from the message, so a form marks
  // that key without reading the text; the text is the loader's, less its origin.
  void validationNamesTheKey_data() {
    QTest::addColumn<QString>("backbone");
    QTest::addColumn<QStringList>("overrides");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("ofOverride");
    QTest::addColumn<QString>("message");
    QTest::newRow("not a number") << "mlp" << QStringList{"train.lr=fast"} << "train.lr" << true
                                  << "key 'train.lr': expected a number in (0, 10], got 'fast'";
    QTest::newRow("out of range") << "mlp" << QStringList{"model.pk=2"} << "model.pk" << true
                                  << "key 'model.pk': 2 is out of range";
    QTest::newRow("not a choice") << "mlp" << QStringList{"model.method=magic"} << "model.method" << true
                                  << "key 'model.method': 'magic' is not allowed";
    // A value holding the "': " the form once cut the loader's message at.
    QTest::newRow("quote in the value") << "mlp" << QStringList{"data.mean=1': 2"} << "data.mean" << true
                                        << "key 'data.mean': ";
    QTest::newRow("not YAML") << "mlp" << QStringList{"data.std=[0.5"} << "data.std" << true
                              << "the value is not valid YAML";
    QTest::newRow("unknown key") << "mlp" << QStringList{"model.p_k=0.5"} << "model.p_k" << true
                                 << "unknown key 'model.p_k' (did you mean 'model.pk'?)";
    QTest::newRow("keys that disagree") << "moe" << QStringList{"model.experts=4", "model.gate_k=5"} << "model.gate_k"
                                        << false << "key 'model.gate_k': 5 is larger than model.experts (4)";
    QTest::newRow("no one key") << "mlp" << QStringList{"data.std=[0.3, 0.4]"} << "" << false
                                << "data.mean has 1 values but data.std has 2";
  }
  void validationNamesTheKey() {
    QFETCH(QString, backbone);
    QFETCH(QStringList, overrides);
    QFETCH(QString, key);
    QFETCH(bool, ofOverride);
    QFETCH(QString, message);
    ExperimentConfig base;
    base.model.backbone = backbone.toStdString();
    std::vector<std::string> list;
    for (const auto& o : overrides) list.push_back(o.toStdString());
    const auto problem = validateConfig(base, list);
    QVERIFY(problem);
    QCOMPARE(QString::fromStdString(problem->key), key);
    QCOMPARE(problem->ofOverride, ofOverride);
    QVERIFY2(QString::fromStdString(problem->message).startsWith(message), problem->message.c_str());
    // The loader's own message is where it found the problem, then this one.
    QString thrown;
    try {
      ConfigLoader::withOverrides(base, list);
    } catch (const ConfigError& e) {
      thrown = e.what();
    }
    QVERIFY2(thrown.endsWith(": " + QString::fromStdString(problem->message)), qPrintable(thrown));
  }
  void validationPassesAGoodConfig() {
    QVERIFY(!validateConfig(ExperimentConfig{}, {}));
    QVERIFY(!validateConfig(ExperimentConfig{}, {"model.pk=0.25", "data.mean=[0.1, 0.2]", "data.std=[0.3, 0.4]"}));
  }

  void resolvedYamlRoundTrips() {
    const auto c = ConfigLoader::loadString("", "x",
                                            {"model.pk=0.1", "model.width=[7,8,9]", "data.mean=[0.1,0.2,0.3]",
                                             "data.std=[0.4,0.5,0.6]", "train.optimizer=adamw", "name=round trip"});
    const auto again = ConfigLoader::loadString(toYaml(c), "resolved");
    QCOMPARE(toYaml(again), toYaml(c));
    QCOMPARE(again.model.widths, (std::vector<int64_t>{7, 8, 9}));
    QCOMPARE(again.data.std, (std::vector<double>{0.4, 0.5, 0.6}));
    QCOMPARE(again.model.pk, 0.1);
    QCOMPARE(QString::fromStdString(again.name), QString("round trip"));
  }

  void missingFile() {
    QVERIFY_THROWS_EXCEPTION(ConfigError, ConfigLoader::loadFile("/nonexistent/exp.yaml"));
  }
};

QTEST_APPLESS_MAIN(TestConfig)
#include "tst_config.moc"
