// SPDX-License-Identifier: GPL-3.0-or-later
// FusedAdam / FusedAdamW against torch's Adam / AdamW: the same trajectory bit for
// bit, the same state (checkpoints move between them), and torch's own step
// for the tensors the fused loop does not handle.
#include <torch/torch.h>

#include <QtTest>

#include "core/config/ExperimentConfig.h"
#include "core/train/FusedAdam.h"
#include "core/train/OptimizerFactory.h"

using namespace comet;

namespace {

// Parameters of a few shapes (one above the parallel grain), equal for both runs.
std::vector<torch::Tensor> parameters(uint64_t seed, torch::ScalarType type = torch::kFloat32) {
  torch::manual_seed(seed);
  std::vector<torch::Tensor> ps;
  for (const auto& shape : std::vector<std::vector<int64_t>>{{300, 200}, {200}, {7, 3}, {1}})
    ps.push_back(torch::randn(shape, torch::TensorOptions().dtype(type)).requires_grad_(true));
  return ps;
}

// Gives every parameter a gradient drawn from `gen`'s seed for this step; the
// third parameter skips every third step (no gradient: no update, no state step).
void setGradients(std::vector<torch::Tensor>& ps, int step) {
  torch::manual_seed(1000 + static_cast<uint64_t>(step));
  for (size_t i = 0; i < ps.size(); ++i) {
    auto g = torch::randn(ps[i].sizes(), ps[i].options().requires_grad(false)) * (1.0 + static_cast<double>(i));
    if (i == 2 && step % 3 == 0) ps[i].mutable_grad() = torch::Tensor();
    else ps[i].mutable_grad() = g;
  }
}

double maxRelativeDifference(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto d = (a[i] - b[i]).abs() / (b[i].abs() + 1e-3);
    worst = std::max(worst, d.max().item<double>());
  }
  return worst;
}

// Bit-equal where torch's float kernels use FMAs (AVX2 and AVX-512 machines, CI's
// included); within rounding on a CPU without them.
void expectSame(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    for (size_t i = 0; i < a.size(); ++i)
      QVERIFY2(torch::equal(a[i], b[i]), qPrintable(QString("parameter %1 differs by up to %2")
                                                        .arg(i)
                                                        .arg((a[i] - b[i]).abs().max().item<double>())));
  } else {
    QVERIFY(maxRelativeDifference(a, b) < 1e-4);
  }
}

// Saves `from`'s state as a checkpoint does and loads it into `to`.
void moveState(torch::optim::Optimizer& from, torch::optim::Optimizer& to) {
  torch::serialize::OutputArchive out;
  from.save(out);
  std::stringstream buffer;
  out.save_to(buffer);
  torch::serialize::InputArchive in;
  in.load_from(buffer);
  to.load(in);
}

template <class Optimizer>
void run(Optimizer& o, std::vector<torch::Tensor>& ps, int from, int to) {
  for (int s = from; s < to; ++s) {
    setGradients(ps, s);
    o.step();
  }
}

}  // namespace

class TestOptimizer : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void fusedEqualsTorch_data() {
    QTest::addColumn<bool>("decoupled");
    QTest::addColumn<double>("weightDecay");
    QTest::newRow("adam") << false << 0.0;
    QTest::newRow("adam, L2 0.3") << false << 0.3;
    QTest::newRow("adamw, decay 0.5") << true << 0.5;
  }
  // Large steps and strong decay over 60 steps, a parameter that misses steps:
  // every term and every rounding shows.
  void fusedEqualsTorch() {
    QFETCH(bool, decoupled);
    QFETCH(double, weightDecay);
    auto a = parameters(1), b = parameters(1);
    const int steps = 60;
    if (decoupled) {
      FusedAdamW fused({a}, torch::optim::AdamWOptions(0.05).weight_decay(weightDecay));
      torch::optim::AdamW reference({b}, torch::optim::AdamWOptions(0.05).weight_decay(weightDecay));
      run(fused, a, 0, steps);
      run(reference, b, 0, steps);
    } else {
      FusedAdam fused({a}, torch::optim::AdamOptions(0.05).weight_decay(weightDecay));
      torch::optim::Adam reference({b}, torch::optim::AdamOptions(0.05).weight_decay(weightDecay));
      run(fused, a, 0, steps);
      run(reference, b, 0, steps);
    }
    const auto start = parameters(1);
    QVERIFY(maxRelativeDifference(a, start) > 0.1);  // the parameters did move
    expectSame(a, b);
  }

  // Two groups at different rates (the mixture's gates), through the factory.
  void factoryBuildsTheFusedOptimizerWithGroups() {
    TrainConfig c;
    c.optimizer = "adam";
    c.lr = 0.02;
    auto a = parameters(2), b = parameters(2);
    auto fused = createOptimizer(c, {a[0], a[1]}, {a[2], a[3]}, 0.2);
    QVERIFY(dynamic_cast<FusedAdam*>(fused.get()) != nullptr);
    torch::optim::Adam reference({b[0], b[1]}, torch::optim::AdamOptions(0.02));
    auto options = reference.defaults().clone();
    options->set_lr(0.2);
    reference.add_param_group(torch::optim::OptimizerParamGroup({b[2], b[3]}, std::move(options)));
    run(*fused, a, 0, 25);
    run(reference, b, 0, 25);
    expectSame(a, b);
    c.optimizer = "adamw";
    QVERIFY(dynamic_cast<FusedAdamW*>(createOptimizer(c, a).get()) != nullptr);
  }

  // The state is torch's: saved from the fused optimizer and loaded into torch's,
  // the run continues where it was (and the other way round).
  void stateMovesBetweenFusedAndTorch() {
    auto a = parameters(3), b = parameters(3);
    FusedAdamW fused({a}, torch::optim::AdamWOptions(0.05).weight_decay(0.1));
    torch::optim::AdamW straight({b}, torch::optim::AdamWOptions(0.05).weight_decay(0.1));
    run(fused, a, 0, 10);
    run(straight, b, 0, 30);
    torch::optim::AdamW reloaded({a}, torch::optim::AdamWOptions(0.05).weight_decay(0.1));
    moveState(fused, reloaded);
    run(reloaded, a, 10, 20);
    FusedAdamW again({a}, torch::optim::AdamWOptions(0.05).weight_decay(0.1));
    moveState(reloaded, again);
    run(again, a, 20, 30);
    expectSame(a, b);
  }

  // Tensors the fused loop does not take (here double) go through torch's step:
  // bit-equal to it.
  void otherTensorsTakeTorchsStep() {
    auto a = parameters(4, torch::kFloat64), b = parameters(4, torch::kFloat64);
    FusedAdam fused({a}, torch::optim::AdamOptions(0.05));
    torch::optim::Adam reference({b}, torch::optim::AdamOptions(0.05));
    run(fused, a, 0, 10);
    run(reference, b, 0, 10);
    for (size_t i = 0; i < a.size(); ++i) QVERIFY(torch::equal(a[i], b[i]));
  }
};

QTEST_GUILESS_MAIN(TestOptimizer)
#include "tst_optimizer.moc"
