// SPDX-License-Identifier: GPL-3.0-or-later
// The one place that knows which step a run takes, and the only place in
// core/train that looks behind the Network interface: sparse execution runs
// COMET's MLP itself, layer by layer.
#include <torch/torch.h>

#include "core/config/Execution.h"
#include "core/model/CometMlp.h"
#include "core/train/DenseStep.h"
#include "core/train/OptimizerFactory.h"
#include "core/train/SparseStep.h"
#include "core/train/TaskLoss.h"
#include "core/util/Error.h"

namespace comet {
namespace {

// COMET's sparse step (SparseStep.h) behind the TrainStep interface. Its plain SGD
// updates the weights in place; the optimizer is kept only so that its checkpoint has the
// same entries as the dense step's.
class SparseTrainStep : public TrainStep {
 public:
  SparseTrainStep(Network net, CometMlp& comet, const ExperimentConfig& config, bool classification,
                  std::unique_ptr<torch::optim::Optimizer> optimizer)
      : m_net(std::move(net)),
        m_step(comet, config, classification),
        m_classification(classification),
        m_optimizer(std::move(optimizer)) {}

  StepResult step(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& indices,
                  const StepPosition&) override {
    StepResult r;
    double correct = 0;
    r.loss = m_step.step(x, y, indices, correct);
    r.correct = m_classification ? correct : kNaN;
    return r;
  }
  torch::optim::Optimizer& optimizer() override { return *m_optimizer; }
  std::string execution() const override { return "sparse"; }
  std::vector<std::string> products(int64_t batch) const override {
    std::vector<std::string> out;
    for (const SparseProduct p : m_step.products(batch)) out.emplace_back(toString(p));
    return out;
  }

 private:
  Network m_net;  // keeps the network that m_step runs alive
  SparseCometStep m_step;
  bool m_classification;
  std::unique_ptr<torch::optim::Optimizer> m_optimizer;
};

}  // namespace

std::unique_ptr<TrainStep> makeTrainStep(const ExperimentConfig& config, const Network& net, const TaskLoss& loss) {
  const ParameterGroups groups = net->parameterGroups();
  auto optimizer = createOptimizer(config.train, groups.main, groups.gates, config.model.gateLr);
  if (resolvedExecution(config) == "sparse") {
    auto* comet = dynamic_cast<CometMlp*>(net.get());
    if (!comet) throw ConfigError("model.execution: sparse needs the comet method's network");
    const bool classification = loss.hasClassification();  // sparse execution trains one task
    return std::make_unique<SparseTrainStep>(net, *comet, config, classification, std::move(optimizer));
  }
  return std::make_unique<DenseStep>(config.train, net, loss, std::move(optimizer));
}

}  // namespace comet
