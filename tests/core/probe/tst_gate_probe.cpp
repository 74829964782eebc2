// SPDX-License-Identifier: GPL-3.0-or-later
// The gate probe: its summary of gate weights (routing counts, preferred experts,
// per-class mean weights, non-zeros), its run on a real mixture of experts, and its
// CSV files in a run's probe/ folder, round trip and faults.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include "core/model/MultiGateMoe.h"
#include "core/model/StandardMlp.h"
#include "core/probe/GateProbe.h"
#include "core/run/GateProbeCsv.h"
#include "core/run/ProbeCsv.h"
#include "core/util/Error.h"
#include "tests/support/TestData.h"

using namespace comet;

namespace {

TaskSpec classes3() {
  TaskSpec t;
  t.name = "digit";
  t.numClasses = 3;
  t.classNames = {"zero", "one", "two"};
  return t;
}

TaskSpec regression() {
  TaskSpec t;
  t.name = "value";
  t.kind = Task::Regression;
  return t;
}

// 5 examples x 3 experts, k = 2 at most, rows summing to 1.
torch::Tensor handWeights() {
  return torch::tensor({0.7f, 0.3f, 0.0f,   //
                        0.0f, 1.0f, 0.0f,   //
                        0.5f, 0.0f, 0.5f,   // a tie: expert 1 is the top
                        0.0f, 0.25f, 0.75f,  //
                        0.9f, 0.0f, 0.1f})
      .view({5, 3});
}

bool throwsNaming(const std::function<void()>& f, const std::string& needle) {
  try {
    f();
  } catch (const RunError& e) {
    return std::string(e.what()).find(needle) != std::string::npos;
  }
  return false;
}

}  // namespace

class TestGateProbe : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void summaryCountsRoutingAndPreferences() {
    const auto g = GateProbe::summarise(handWeights(), {0, 0, 1, 2, 2}, classes3());
    QCOMPARE(g.experts, int64_t{3});
    QCOMPARE(g.name, std::string("digit"));
    QCOMPARE(g.routed, (std::vector<int64_t>{3, 3, 3}));
    QCOMPARE(g.top, (std::vector<int64_t>{3, 1, 1}));
    QCOMPARE(g.meanNonZeros, 9.0 / 5.0);
    QCOMPARE(g.maxNonZeros, int64_t{2});
    QCOMPARE(g.meanWeight.size(), size_t{3});
    QVERIFY(std::abs(g.meanWeight[0] - 2.1f / 5) < 1e-6f);
    // Per class: class 0 = examples 0 and 1, class 1 = example 2, class 2 = examples 3, 4.
    QCOMPARE(g.classMeanWeight.size(), size_t{9});
    QVERIFY(std::abs(g.classMeanWeight[0 * 3 + 1] - 0.65f) < 1e-6f);
    QVERIFY(std::abs(g.classMeanWeight[1 * 3 + 2] - 0.5f) < 1e-6f);
    QVERIFY(std::abs(g.classMeanWeight[2 * 3 + 0] - 0.45f) < 1e-6f);
    QCOMPARE(g.classNames, (std::vector<std::string>{"zero", "one", "two"}));
    QCOMPARE(g.weights.size(), size_t{15});
    QCOMPARE(g.weights[3 * 3 + 2], 0.75f);  // probe order kept
  }

  void regressionTaskHasNoClassMeans() {
    const auto g = GateProbe::summarise(handWeights(), std::vector<int64_t>(5, -1), regression());
    QVERIFY(g.classMeanWeight.empty());
    QVERIFY(g.classNames.empty());
    QCOMPARE(g.routed, (std::vector<int64_t>{3, 3, 3}));
  }

  // On a real mixture with top-k gates (k = 2 of 4): each probed example has at
  // most two non-zeros, the routing counts add up to the non-zeros, the labels are
  // the split's, and the network's training mode is kept.
  void runOnAMixtureOfExperts() {
    torch::manual_seed(3);
    GateOptions o;
    o.type = "topk";
    o.experts = 4;
    o.k = 2;
    auto moe = std::make_shared<MultiGateMoe>(6, std::vector<int64_t>{8}, std::vector<int64_t>{3, 1}, o, "relu");
    const auto x = torch::randn({40, 6});
    auto y = torch::zeros({40, 2});
    y.select(1, 0).copy_(torch::arange(40) % 3);
    y.select(1, 1).copy_(torch::randn({40}));
    ProbeConfig config;
    config.examples = 30;
    GateProbe probe(config, x, y, {classes3(), regression()});
    moe->train();
    const auto gates = probe.run(*moe, 0.0);
    QVERIFY(moe->is_training());
    QCOMPARE(gates.size(), size_t{2});
    for (const auto& g : gates) {
      QCOMPARE(g.labels.size(), size_t{30});
      QCOMPARE(g.weights.size(), size_t{30 * 4});
      QVERIFY(g.maxNonZeros <= 2);
      int64_t routed = 0;
      for (auto r : g.routed) routed += r;
      QCOMPARE(static_cast<double>(routed), g.meanNonZeros * 30);
    }
    QCOMPARE(gates[0].task, int64_t{1});
    QCOMPARE(gates[1].task, int64_t{2});
    QCOMPARE(gates[0].labels[4], int64_t{1});
    QCOMPARE(gates[1].labels[4], int64_t{-1});
    QCOMPARE(gates[0].classMeanWeight.size(), size_t{3 * 4});
    // A network without gates gives nothing.
    auto mlp = std::make_shared<StandardMlp>(6, std::vector<int64_t>{8}, 3, "relu", "none");
    GateProbe single(config, x, y.select(1, 0).to(torch::kLong), {classes3()});
    QVERIFY(single.run(*mlp, 0.0).empty());
  }

  void csvRoundTrip() {
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString() + "/probe";
    auto a = GateProbe::summarise(handWeights(), {0, 0, 1, 2, 2}, classes3());
    a.task = 1;
    a.classNames[1] = "one, or more";  // a comma cannot break the header
    auto b = GateProbe::summarise(handWeights(), std::vector<int64_t>(5, -1), regression());
    b.task = 2;
    ProbeReport report;
    report.gates = {a, b};
    writeProbeCsv(report, dir);  // the probe writer writes the gate files too
    const ProbeReport back = readProbeCsv(dir);
    QVERIFY(back.layers.empty());
    QCOMPARE(back.examples, int64_t{5});
    QCOMPARE(back.gates.size(), size_t{2});
    const auto& g = back.gates[0];
    QCOMPARE(g.name, std::string("task1"));  // the names live in summary.json
    QCOMPARE(g.experts, a.experts);
    QCOMPARE(g.routed, a.routed);
    QCOMPARE(g.top, a.top);
    QCOMPARE(g.meanWeight, a.meanWeight);
    QCOMPARE(g.classMeanWeight, a.classMeanWeight);
    QCOMPARE(g.weights, a.weights);
    QCOMPARE(g.labels, a.labels);
    QCOMPARE(g.meanNonZeros, a.meanNonZeros);
    QCOMPARE(g.maxNonZeros, a.maxNonZeros);
    QCOMPARE(g.classNames, (std::vector<std::string>{"zero", "one  or more", "two"}));
    QCOMPARE(back.gates[1].labels, std::vector<int64_t>(5, -1));
    QVERIFY(back.gates[1].classMeanWeight.empty());
  }

  void corruptFilesAreNamed() {
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString();
    auto a = GateProbe::summarise(handWeights(), {0, 0, 1, 2, 2}, classes3());
    a.task = 1;
    writeGateProbeCsv({a}, dir);
    testing::writeBytes(dir + "/gates_weights_task1.csv", "label,e1,e2\n0,0.5,0.5\n");
    QVERIFY(throwsNaming([&] { readGateProbeCsv(dir); }, "gates_weights_task1.csv:1: 2 expert columns"));
    writeGateProbeCsv({a}, dir);
    testing::writeBytes(dir + "/gates_usage_task1.csv", "expert,routed,top,mean_weight\n1,3,3,0.4\n");
    QVERIFY(throwsNaming([&] { readGateProbeCsv(dir); }, "gates_usage_task1.csv: 1 rows"));
    testing::writeBytes(dir + "/gates_summary.csv", "task,experts\n1,x\n");
    QVERIFY(throwsNaming([&] { readGateProbeCsv(dir); }, "gates_summary.csv:2: column 2 ('experts')"));
    testing::writeBytes(dir + "/gates_summary.csv", "experts\n3\n");
    QVERIFY(throwsNaming([&] { readGateProbeCsv(dir); }, "no 'task' column"));
    testing::writeBytes(dir + "/gates_summary.csv", "task,experts\n0,3\n");
    QVERIFY(throwsNaming([&] { readGateProbeCsv(dir); }, "gates_summary.csv:2: task 0"));
  }
};

QTEST_GUILESS_MAIN(TestGateProbe)
#include "tst_gate_probe.moc"
