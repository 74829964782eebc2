// SPDX-License-Identifier: GPL-3.0-or-later
// The Samples view: one entry per epoch, the newest followed while a run trains
// unless an older one was picked, the prompt set apart, control characters made
// visible, and what it says for runs without samples.
#include <QLabel>
#include <QtTest>

#include "widgets/SamplesView.h"

using namespace comet;
using namespace comet::gui;

namespace {

TextSample sample(int64_t epoch, const std::string& text) {
  TextSample s;
  s.epoch = epoch;
  s.prompt = "The ";
  s.text = text;
  return s;
}

QString header(const SamplesView& view) { return view.findChild<QLabel*>()->text(); }

}  // namespace

class TestSamplesView : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void showsTheNewestEpochAndFollowsIt() {
    SamplesView view;
    SampleConfig config;
    config.length = 5;
    std::vector<TextSample> samples{sample(1, "cat s"), sample(2, "dog e")};
    view.setRun(samples, config, true, "#1 gpt comet");
    QCOMPARE(view.epochCount(), 2);
    QCOMPARE(view.selectedRow(), 1);
    QCOMPARE(view.shownText(), QString("The dog e"));
    QVERIFY(header(view).contains("5 characters after the prompt"));
    samples.push_back(sample(3, "fox r"));
    view.setRun(samples, config, true, "#1 gpt comet");  // a new epoch arrives: followed
    QCOMPARE(view.selectedRow(), 2);
    QCOMPARE(view.shownText(), QString("The fox r"));
    view.selectRow(0);  // the user reads an older one: it stays
    QCOMPARE(view.shownText(), QString("The cat s"));
    samples.push_back(sample(4, "owl t"));
    view.setRun(samples, config, true, "#1 gpt comet");
    QCOMPARE(view.selectedRow(), 0);
    QCOMPARE(view.shownText(), QString("The cat s"));
    view.setRun({sample(1, "x")}, config, true, "#2 gpt standard");  // another run: its newest
    QCOMPARE(view.selectedRow(), 0);
    QCOMPARE(view.shownText(), QString("The x"));
  }

  void saysWhyThereIsNothing() {
    SamplesView view;
    view.setRun({}, SampleConfig{}, false, "#3 comet w1000 pk0.5 s0");
    QCOMPARE(view.epochCount(), 0);
    QVERIFY(header(view).contains("#3 comet w1000 pk0.5 s0 is not a language model"));
    QVERIFY(view.shownText().isEmpty());
    SampleConfig off;
    off.enabled = false;
    view.setRun({}, off, true, "#4");
    QVERIFY(header(view).contains("sample.enabled is off"));
  }

  void controlCharactersAreVisible() {
    QCOMPARE(SamplesView::visibleText("a\bb\x07\n\tc"), QString::fromUtf8("a\u2408b\u2407\n\tc"));
    QCOMPARE(SamplesView::visibleText("caf\xc3\xa9"), QString::fromUtf8("caf\u00e9"));  // UTF-8 stays text
    SamplesView view;
    view.setRun({sample(1, "<b>x</b> & \x08")}, SampleConfig{}, true, "#5");
    QCOMPARE(view.shownText(), QString::fromUtf8("The <b>x</b> & \u2408"));  // not read as HTML
  }
};

QTEST_MAIN(TestSamplesView)
#include "tst_samples_view.moc"
