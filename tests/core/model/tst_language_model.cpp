// SPDX-License-Identifier: GPL-3.0-or-later
// Character-level language modelling (issue 10): the text corpus reader and its
// seeded block split, the GPT backbone (shapes, causal: no information from the
// future, p_k = 1 COMET equals standard), the per-position loss, bits per
// character, text samples in the run directory, the character probe, config
// errors, and learning with an exact resume.
#include <torch/torch.h>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/config/ConfigLoader.h"
#include "core/data/DataLoader.h"
#include "core/data/TextCorpus.h"
#include "core/model/MethodRegistry.h"
#include "core/probe/MaskProbe.h"
#include "core/run/RunDirectory.h"
#include "core/run/RunWriter.h"
#include "core/train/TaskLoss.h"
#include "core/train/TextSampler.h"
#include "core/train/Trainer.h"
#include "core/util/Error.h"
#include "tests/support/Fixtures.h"
#include "tests/support/ResumeCheck.h"

using namespace comet;
namespace fs = std::filesystem;

namespace {

void writeFile(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

ModelConfig gpt(const std::string& method, double pk = 0.5) {
  ModelConfig m = testing::smallTransformer("gpt", method, pk);
  m.contextLength = 12;
  return m;
}

Network build(const ModelConfig& m, int64_t vocabulary = 7, uint64_t seed = 3) {
  return testing::buildClassifier(m, {m.contextLength}, vocabulary, seed);
}

// A corpus with structure to learn: sentences from a small grammar, seeded.
std::string grammarText(int64_t sentences, uint64_t seed) {
  const char* subjects[] = {"the cat", "a dog", "my fox"};
  const char* verbs[] = {" eats", " sees", " likes"};
  const char* objects[] = {" fish.\n", " a bird.\n", " the moon.\n"};
  std::mt19937_64 rng(seed);
  std::string text;
  for (int64_t i = 0; i < sentences; ++i)
    text += std::string(subjects[rng() % 3]) + verbs[rng() % 3] + objects[rng() % 3];
  return text;
}

DataConfig textData(const std::string& root) {
  DataConfig d;
  d.dataset = "text";
  d.root = root;
  d.valFraction = 0.1;
  d.testFraction = 0.1;
  d.textBlock = 64;
  return d;
}

template <typename E>
QString errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return QString::fromStdString(e.what());
  }
  return QStringLiteral("(no error)");
}

}  // namespace

class TestLanguageModel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  // A folder: every file in path order, binary files skipped, a link to a file
  // already read (fortunes' *.u8) and hidden files left out.
  void readsAFolderOfText() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    writeFile(root / "b.txt", "second\n");
    writeFile(root / "a.txt", "first\n");
    writeFile(root / "sub" / "c", "third\n");
    writeFile(root / "a.dat", std::string("\x00\x01\x02", 3));
    writeFile(root / ".hidden", "secret\n");
    fs::create_symlink(root / "a.txt", root / "a.u8");
    const auto corpus = readTextCorpus(root.string());
    QCOMPARE(corpus.text, std::string("first\nsecond\nthird\n"));
    QCOMPARE(corpus.files.size(), size_t{3});
    QCOMPARE(corpus.skipped.size(), size_t{1});
    QVERIFY(corpus.skipped[0].find("a.dat") != std::string::npos);
    QCOMPARE(readTextCorpus((root / "b.txt").string()).text, std::string("second\n"));
    QCOMPARE(textVocabulary("banana\n"), std::string("\nabn"));
    QCOMPARE(characterName(' '), std::string("space"));
    QCOMPARE(characterName(','), std::string("comma"));
    QCOMPARE(characterName('\n'), std::string("\\n"));
    QCOMPARE(characterName(0xc3), std::string("0xc3"));
    QCOMPARE(characterName('q'), std::string("q"));
  }

  void corpusErrorsNameThePath() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    QVERIFY(errorOf<DataError>([&] { readTextCorpus((root / "missing").string()); }).contains("missing: data.root does not exist"));
    writeFile(root / "empty.txt", "");
    QVERIFY(errorOf<DataError>([&] { readTextCorpus((root / "empty.txt").string()); }).contains("the text file is empty"));
    writeFile(root / "bin" / "x.bin", std::string("a\0b", 3));
    QVERIFY(errorOf<DataError>([&] { readTextCorpus((root / "bin" / "x.bin").string()); }).contains("is a binary file"));
    QVERIFY(errorOf<DataError>([&] { readTextCorpus((root / "bin").string()); }).contains("holds no text (1 binary files skipped)"));
  }

  // Windows of context + 1 characters inside blocks; the test blocks do not
  // depend on the seed, the validation blocks do; the splits share no text.
  void splitsTextIntoSeededBlocks() {
    TextCorpus corpus;
    corpus.text = grammarText(400, 1);  // ~7,000 characters
    corpus.files = {"grammar"};
    const auto c = textData("grammar");
    const auto s = buildTextSplits(corpus, c, 12, 5);
    QVERIFY(s.languageModel());
    QCOMPARE(s.numClasses, static_cast<int64_t>(textVocabulary(corpus.text).size()));
    QCOMPARE(s.inputShape, std::vector<int64_t>{12});
    QCOMPARE(s.train.x.sizes().vec(), (std::vector<int64_t>{s.train.size(), 12}));
    QCOMPARE(s.train.y.scalar_type(), torch::kLong);
    // y is x moved on by one character.
    QVERIFY(torch::equal(s.train.x.narrow(1, 1, 11).to(torch::kLong), s.train.y.narrow(1, 0, 11)));
    // 64-character blocks hold 5 windows of 13 (starts 0, 12, 24, 36, 48).
    const int64_t blocks = (static_cast<int64_t>(corpus.text.size()) + 63) / 64;
    QVERIFY(s.train.size() + s.val.size() + s.test.size() >= 5 * (blocks - 1));
    QCOMPARE(s.test.size() % 5, int64_t{0});
    // Decode a window: it is text of the corpus.
    std::string window;
    for (int64_t t = 0; t < 12; ++t) window += s.vocabulary[static_cast<size_t>(s.test.x[0][t].item<float>())];
    QVERIFY(corpus.text.find(window) != std::string::npos);
    const auto other = buildTextSplits(corpus, c, 12, 6);
    QVERIFY(torch::equal(s.test.x, other.test.x));
    QVERIFY(!torch::equal(s.val.x, other.val.x));
    QVERIFY(torch::equal(s.val.x, buildTextSplits(corpus, c, 12, 5).val.x));
    auto small = c;
    small.trainSubset = 7;
    QCOMPARE(buildTextSplits(corpus, small, 12, 5).train.size(), int64_t{7});
    QVERIFY(errorOf<ConfigError>([&] { buildTextSplits(corpus, c, 64, 5); }).contains("data.text_block: blocks of 64"));
    TextCorpus tiny;
    tiny.text = "short";
    QVERIFY(errorOf<DataError>([&] { buildTextSplits(tiny, c, 12, 5); }).contains("the training split holds no window of 13"));
  }

  void shapesAndFullCapEqualsStandard() {
    auto net = build(gpt("comet"));
    const auto x = torch::randint(0, 7, {3, 12}).to(torch::kFloat32);
    QCOMPARE(net->forward(x).sizes().vec(), (std::vector<int64_t>{3, 12, 7}));
    QCOMPARE(net->forward(x.narrow(1, 0, 5)).sizes().vec(), (std::vector<int64_t>{3, 5, 7}));  // a shorter prompt
    for (const char* method : {"standard", "topk", "dropout", "smaller"})
      QCOMPARE(build(gpt(method))->forward(x).size(2), int64_t{7});
    auto standard = build(gpt("standard"), 7, 9);
    auto full = build(gpt("comet", 1.0), 7, 9);
    QVERIFY(torch::equal(standard->forward(x), full->forward(x)));
    QVERIFY(!torch::allclose(standard->forward(x), build(gpt("comet", 0.5), 7, 9)->forward(x)));
  }

  // No information from the future: changing character t + 1 leaves every
  // output at positions <= t bit-equal, COMET's per-token masks included.
  void causalNoInformationFromTheFuture_data() {
    QTest::addColumn<QString>("method");
    QTest::newRow("comet") << "comet";
    QTest::newRow("topk") << "topk";
    QTest::newRow("standard") << "standard";
  }
  void causalNoInformationFromTheFuture() {
    QFETCH(QString, method);
    auto net = build(gpt(method.toStdString()));
    net->eval();
    const auto x = torch::randint(0, 7, {2, 12}).to(torch::kFloat32);
    auto changed = x.clone();
    changed[0][6] = std::fmod(changed[0][6].item<float>() + 1, 7.f);
    std::vector<torch::Tensor> masksBefore, masksAfter;
    ForwardContext before, after;
    before.masks = &masksBefore;
    after.masks = &masksAfter;
    const auto a = net->forward(x, before), b = net->forward(changed, after);
    QVERIFY(torch::equal(a.narrow(1, 0, 6), b.narrow(1, 0, 6)));
    QVERIFY(!torch::allclose(a[0].narrow(0, 6, 1), b[0].narrow(0, 6, 1)));
    QVERIFY(torch::equal(a[1], b[1]));  // the other window
    if (method != "standard") {
      QCOMPARE(masksBefore.size(), size_t{2});
      QCOMPARE(masksBefore[0].size(0), int64_t{24});  // one mask per character
      QVERIFY(torch::equal(masksBefore[1].narrow(0, 0, 6), masksAfter[1].narrow(0, 0, 6)));
    }
  }

  // The loss is the mean cross-entropy over every position; correct counts are
  // per example, so correct / n is the per-character accuracy.
  void lossIsPerCharacter() {
    DataSplits d;
    d.task = Task::Classification;
    d.numClasses = 5;
    d.vocabulary = "abcde";
    TaskLoss loss(d, {});
    const auto out = torch::randn({3, 4, 5});
    const auto y = torch::randint(0, 5, {3, 4}, torch::kLong);
    const auto r = loss(out, y);
    const auto expected = torch::nn::functional::cross_entropy(out.reshape({12, 5}), y.reshape({12}));
    QVERIFY(std::abs(r.value - expected.item<double>()) < 1e-6);
    const double correct = out.argmax(2).eq(y).sum().item<double>();
    QVERIFY(std::abs(r.taskCorrect[0] - correct / 4) < 1e-9);
  }

  void configErrorsNameTheKey() {
    QVERIFY(errorOf<ConfigError>([] { ConfigLoader::loadString("model: {backbone: gpt}", "t.yaml"); })
                .contains("key 'model.backbone': gpt is a language model and needs text data"));
    QVERIFY(errorOf<ConfigError>([] { ConfigLoader::loadString("data: {dataset: text}\nmodel: {backbone: vit}", "t.yaml"); })
                .contains("key 'data.dataset': text data trains a language model: set model.backbone: gpt"));
    QVERIFY(errorOf<ConfigError>([] {
              ConfigLoader::loadString("data: {dataset: text, text_block: 100}\nmodel: {backbone: gpt, context_length: 128}", "t.yaml");
            }).contains("key 'data.text_block': blocks of 100 characters cannot hold one window"));
    QVERIFY(errorOf<ConfigError>([] {
              ConfigLoader::loadString("data: {dataset: text}\nmodel: {backbone: gpt, embed_dim: 30, heads: 4}", "t.yaml");
            }).contains("key 'model.heads': 4 heads do not divide model.embed_dim (30)"));
    QVERIFY(errorOf<ConfigError>([] { ConfigLoader::loadString("data: {dataset: text}\nmodel: {backbone: gpt, method: l1}", "t.yaml"); })
                .contains("'l1' does not run on backbone gpt"));
    SampleConfig sc;
    sc.prompt = "ab#";
    QVERIFY(errorOf<ConfigError>([&] { TextSampler("abc", 8, sc); })
                .contains("sample.prompt: character 3 ('#') does not occur in the text"));
  }

  // The character probe: items are characters labelled by themselves; input
  // similarity is the share of their last 8 characters that match.
  void probesCharacters() {
    ProbeConfig pc;
    pc.examples = 20;
    pc.pairExamples = 20;
    // Two windows; window 1 repeats window 0, so character i and 12 + i share their contexts.
    auto windows = torch::randint(0, 7, {1, 12}).to(torch::kFloat32).repeat({2, 1});
    auto probe = MaskProbe::forCharacters(pc, windows, 7);
    auto net = build(gpt("comet"));
    const auto report = probe.run(*net, {16, 16}, 1);
    QCOMPARE(report.examples, int64_t{20});
    QCOMPARE(report.numClasses, int64_t{7});
    QCOMPARE(report.layers.size(), size_t{2});
    const auto& lp = report.layers[0];
    QCOMPARE(lp.positions, int64_t{1});
    QCOMPARE(lp.usage.classFrequency.size(), size_t{7 * 32});
    QCOMPARE(lp.overlap.classMean.size(), size_t{7 * 7});
    // Same contexts, same masks: the repeated characters overlap fully, and the
    // most similar inputs (cosine 1) hold the top similarity bin.
    QCOMPARE(lp.overlap.bins.back().meanJaccard, 1.0);
    QVERIFY(lp.overlap.similarityCorrelation > 0);
  }

  // Learns a small grammar: the loss falls, bits per character are loss / ln 2,
  // a sample lands in samples/ after every epoch and reads back; a stop and a
  // resume end exactly where the straight run does.
  void learnsSamplesAndResumes() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    writeFile(root / "corpus" / "grammar.txt", grammarText(1500, 2));
    ExperimentConfig c;
    c.seed = 4;
    c.data = textData((root / "corpus").string());
    c.model = gpt("comet");
    c.train.epochs = 3;
    c.train.batchSize = 32;
    c.train.lr = 1e-2;
    c.probe.examples = 48;
    c.sample.length = 40;
    c.sample.temperature = 0;
    c.sample.prompt = "the ";
    const auto data = std::make_shared<const DataSplits>(loadData(c.data, c.seed, c.model.contextLength));
    const std::string run = (root / "run").string();
    {
      Trainer trainer(c, data);
      RunWriter writer(run);
      trainer.addObserver(&writer);
      std::atomic<bool> stop{false};
      const auto s = trainer.run(stop);
      QCOMPARE(toString(s.status), std::string("completed"));
    }
    const auto read = readRunDirectory(run);
    QCOMPARE(read.epochs.size(), size_t{3});
    QVERIFY2(read.epochs[2].valLoss < 0.6 * read.epochs[0].trainLoss, "the loss did not fall");
    QVERIFY2(read.epochs[2].valLoss < 0.8, qPrintable(QString::number(read.epochs[2].valLoss)));  // 3 words of 3 choices
    double bpc = kNaN;
    for (const auto& [name, value] : read.epochs[2].extra)
      if (name == "lm/val_bpc") bpc = value;
    QVERIFY(std::abs(bpc - read.epochs[2].valLoss / std::log(2.0)) < 1e-6);
    QCOMPARE(read.samples.size(), size_t{3});
    QCOMPARE(read.samples[2].epoch, int64_t{3});
    QCOMPARE(read.samples[2].prompt, std::string("the "));
    QCOMPARE(read.samples[2].text.size(), size_t{40});
    // Greedy decoding of a learned grammar: words of the corpus follow the prompt.
    const std::string& t = read.samples[2].text;
    QVERIFY2(t.find("cat") == 0 || t.find("dog") == 0 || t.find("moon") == 0 || t.find("fish") == 0 ||
                 t.find("bird") == 0,
             t.c_str());
    QCOMPARE(read.probe.numClasses, data->numClasses);
    QCOMPARE(sampleFileName(3), std::string("epoch_0003.txt"));
    QCOMPARE(sampleFileEpoch("epoch_0012.txt"), int64_t{12});
    QCOMPARE(sampleFileEpoch("epoch_x.txt"), int64_t{-1});

    c.sample.enabled = false;
    c.probe.enabled = false;
    c.model.residualDropout = 0.1;  // the dropout stream resumes too
    c.train.lrSchedule = "cosine";  // and so does the schedule
    c.train.warmupSteps = 5;
    const auto r = testing::stopAfterFirstEpochAndResume(c, data, (root / "resume").string());
    double lastLr = kNaN;
    for (const auto& [name, value] : r.straight[2].extra)
      if (name == "train/lr") lastLr = value;
    QVERIFY(std::abs(lastLr - 0.1 * c.train.lr) < 1e-12);  // cosine down to final_lr_fraction
    QCOMPARE(r.stoppedStatus, std::string("stopped"));
    QCOMPARE(r.resumed.size(), size_t{2});
    for (size_t e = 0; e < 2; ++e) QCOMPARE(r.resumed[e].trainLoss, r.straight[e + 1].trainLoss);
    QCOMPARE(r.resumedSummary.testLoss, r.straightSummary.testLoss);
  }

  // The same model, prompt and seed give the same text; another seed another.
  void samplingIsSeeded() {
    auto net = build(gpt("comet"));
    SampleConfig sc;
    sc.length = 30;
    sc.temperature = 1.0;
    TextSampler sampler("abcdefg", 12, sc);
    QCOMPARE(sampler.prompt(), std::string("a"));  // no newline in this vocabulary
    const auto a = sampler.generate(*net, 1), b = sampler.generate(*net, 1), other = sampler.generate(*net, 2);
    QCOMPARE(a.size(), size_t{30});
    QCOMPARE(a, b);
    QVERIFY(a != other);
    QVERIFY(net->is_training());  // the mode is left as it was
  }
};

QTEST_GUILESS_MAIN(TestLanguageModel)
#include "tst_language_model.moc"
