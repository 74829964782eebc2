// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <vector>

#include "core/continual/ContinualStream.h"
#include "core/train/EpochHook.h"
#include "core/train/TaskLoss.h"

namespace comet {

// The empirical Fisher information's diagonal of `net` on `examples`:
//   F_i = 1/N sum_n (d loss(f(x_n), y_n) / d theta_i)^2
// one example at a time, in evaluation mode, one tensor per parameter of `net`
// (parameters() order). The network is put back into training mode.
std::vector<torch::Tensor> empiricalFisher(NetworkImpl& net, const TaskLoss& loss, const Dataset& examples);

// Online elastic weight consolidation (Kirkpatrick et al. 2017; online as Schwarz et
// al. 2018): when a task ends, its Fisher F_t is estimated on continual.ewc_samples of
// its training examples, F <- gamma F + F_t, and the anchor theta* becomes the weights
// now. While the later tasks train, every parameter's gradient gets the penalty's
// lambda F (theta - theta*), the gradient of lambda/2 sum F (theta - theta*)^2, through
// a gradient hook on the parameter: any dense step, any optimizer. F and theta* are kept
// in the checkpoint.
class Ewc : public EpochHook {
 public:
  Ewc(const ContinualConfig& config, uint64_t seed, std::shared_ptr<const ContinualStream> stream,
      const TaskLoss& loss, NetworkImpl& net);
  ~Ewc() override;

  void epochFinished(int64_t epoch, HookContext& ctx) override;

  std::string stateName() const override { return "continual_ewc"; }
  void saveState(torch::serialize::OutputArchive& archive) const override;
  void loadState(torch::serialize::InputArchive& archive) override;

  const std::vector<torch::Tensor>& fisher() const { return m_fisher; }

 private:
  void installHooks();
  // lambda F in the parameters' types, from m_fisher; installs the hooks once.
  void consolidate();

  ContinualConfig m_config;
  uint64_t m_seed;
  std::shared_ptr<const ContinualStream> m_stream;
  const TaskLoss& m_loss;
  std::vector<torch::Tensor> m_params;
  std::vector<torch::Tensor> m_fisher;  // float64; empty until the first task ended
  std::vector<torch::Tensor> m_weightedFisher;  // lambda F, as the parameters
  std::vector<torch::Tensor> m_anchor;          // theta*, as the parameters
  // The penalty's gradient is added only while training (not while the Fisher is estimated).
  std::shared_ptr<bool> m_active;
  bool m_hooked = false;
};

}  // namespace comet
