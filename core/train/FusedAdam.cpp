// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/FusedAdam.h"

#include <ATen/Parallel.h>
#include <c10/util/string_utils.h>
#include <torch/torch.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace comet {
namespace {

bool torchStepRequested() {
  static const bool requested = [] {
    const char* e = std::getenv("COMET_ADAM");
    return e != nullptr && std::strcmp(e, "torch") == 0;
  }();
  return requested;
}

// The scalars of one parameter's update, rounded to float where torch's float
// kernels round them.
struct Update {
  float beta1, oneMinusBeta1, beta2, oneMinusBeta2;
  float sqrtCorrection2;  // sqrt(1 - beta2^t)
  float eps;
  float negStepSize;      // -lr / (1 - beta1^t)
  float l2 = 0.0f;        // Adam: the gradient gains weight_decay * p
  float keep = 1.0f;      // AdamW: p is first scaled by 1 - lr * weight_decay
  bool decoupled = false;
};

// torch's sequence, element by element, with its roundings: its float kernels
// multiply-add with one rounding where they call vec::fmadd (add_ with alpha: the
// first moment, and Adam's L2 term) and in addcmul (the second moment), and round
// every other product and sum (found by comparing, tst_optimizer). This
// file is built with -ffp-contract=off so that the compiler fuses nothing else;
// with `Fused` those three are FMAs, as in torch's AVX2 and AVX-512 kernels,
// without it plain products and sums, as in its baseline kernels.
//   [p *= keep;] [g = fma(p, l2, g);] m = fma(g, 1 - b1, m b1); v = fma((1 - b2) g, g, v b2);
//   denom = sqrt(v) / sqrt(c2) + eps; p = p + ((-step) m) / denom
template <bool Fused>
[[gnu::always_inline]] inline float multiplyAdd(float a, float b, float c) {
  if constexpr (Fused) return std::fma(a, b, c);
  else return a * b + c;
}

// Always inlined, so that the FMA wrapper's copy is compiled with FMAs.
template <bool Fused, bool Decoupled>
[[gnu::always_inline]] inline void updateElements(float* __restrict p, const float* __restrict g, float* __restrict m, float* __restrict v,
                           int64_t begin, int64_t end, const Update& u) {
  const float beta1 = u.beta1, oneMinusBeta1 = u.oneMinusBeta1, beta2 = u.beta2, oneMinusBeta2 = u.oneMinusBeta2;
  const float sqrtCorrection2 = u.sqrtCorrection2, eps = u.eps, negStepSize = u.negStepSize, l2 = u.l2, keep = u.keep;
#pragma omp simd
  for (int64_t i = begin; i < end; ++i) {
    const float gi = Decoupled ? g[i] : multiplyAdd<Fused>(p[i], l2, g[i]);
    const float mi = multiplyAdd<Fused>(gi, oneMinusBeta1, m[i] * beta1);
    const float vi = multiplyAdd<Fused>(oneMinusBeta2 * gi, gi, v[i] * beta2);
    m[i] = mi;
    v[i] = vi;
    const float denom = std::sqrt(vi) / sqrtCorrection2 + eps;
    const float pi = Decoupled ? p[i] * keep : p[i];
    p[i] = pi + (negStepSize * mi) / denom;
  }
}

template <bool Fused>
[[gnu::always_inline]] inline void updateRangeOf(float* p, const float* g, float* m, float* v, int64_t begin, int64_t end, const Update& u) {
  if (u.decoupled) updateElements<Fused, true>(p, g, m, v, begin, end, u);
  else updateElements<Fused, false>(p, g, m, v, begin, end, u);
}

__attribute__((target("avx2,fma"))) void updateRangeFma(float* p, const float* g, float* m, float* v, int64_t begin,
                                                       int64_t end, const Update& u) {
  updateRangeOf<true>(p, g, m, v, begin, end, u);
}

void updateRangeBaseline(float* p, const float* g, float* m, float* v, int64_t begin, int64_t end, const Update& u) {
  updateRangeOf<false>(p, g, m, v, begin, end, u);
}

using UpdateRange = void (*)(float*, const float*, float*, float*, int64_t, int64_t, const Update&);

UpdateRange updateRange() {
  static const UpdateRange chosen =
      __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? updateRangeFma : updateRangeBaseline;
  return chosen;
}

template <class Options>
bool fusable(const std::vector<torch::optim::OptimizerParamGroup>& groups) {
  if (torchStepRequested()) return false;
  for (const auto& group : groups) {
    if (static_cast<const Options&>(group.options()).amsgrad()) return false;
    for (const auto& p : group.params()) {
      const auto& g = p.grad();
      if (!g.defined()) continue;
      if (p.scalar_type() != torch::kFloat32 || !p.device().is_cpu() || !p.is_contiguous() || g.is_sparse() ||
          g.scalar_type() != torch::kFloat32 || !g.is_contiguous())
        return false;
    }
  }
  return true;
}

// One step over every parameter with a gradient, creating its state as torch does.
// AdamW's decay is decoupled (p scaled first), Adam's is an L2 term in the gradient.
template <class Options>
void fusedStep(std::vector<torch::optim::OptimizerParamGroup>& groups,
               ska::flat_hash_map<std::string, std::unique_ptr<torch::optim::OptimizerParamState>>& states) {
  constexpr bool decoupled = std::is_same_v<Options, torch::optim::AdamWOptions>;
  using State = std::conditional_t<decoupled, torch::optim::AdamWParamState, torch::optim::AdamParamState>;
  for (auto& group : groups) {
    const auto& o = static_cast<const Options&>(group.options());
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      const std::string key = c10::guts::to_string(p.unsafeGetTensorImpl());
      auto it = states.find(key);
      if (it == states.end()) {
        auto s = std::make_unique<State>();
        s->step(0);
        s->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        s->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        it = states.emplace(key, std::move(s)).first;
      }
      auto& s = static_cast<State&>(*it->second);
      s.step(s.step() + 1);
      const double beta1 = std::get<0>(o.betas()), beta2 = std::get<1>(o.betas());
      const double correction1 = 1 - std::pow(beta1, s.step());
      const double correction2 = 1 - std::pow(beta2, s.step());
      Update u{};
      u.beta1 = static_cast<float>(beta1);
      u.oneMinusBeta1 = static_cast<float>(1 - beta1);
      u.beta2 = static_cast<float>(beta2);
      u.oneMinusBeta2 = static_cast<float>(1 - beta2);
      u.sqrtCorrection2 = static_cast<float>(std::sqrt(correction2));
      u.eps = static_cast<float>(o.eps());
      u.negStepSize = static_cast<float>(-(o.lr() / correction1));
      u.decoupled = decoupled;
      if (decoupled) u.keep = static_cast<float>(1 - o.lr() * o.weight_decay());
      else u.l2 = static_cast<float>(o.weight_decay());
      const torch::Tensor& m = s.exp_avg();
      const torch::Tensor& v = s.exp_avg_sq();
      TORCH_CHECK(m.is_contiguous() && v.is_contiguous(), "FusedAdam: non-contiguous state");
      float* pp = p.data_ptr<float>();
      const float* gp = p.grad().data_ptr<float>();
      float* mp = m.data_ptr<float>();
      float* vp = v.data_ptr<float>();
      at::parallel_for(0, p.numel(), 1 << 15,
                       [&, update = updateRange()](int64_t begin, int64_t end) { update(pp, gp, mp, vp, begin, end, u); });
    }
  }
}

// A closure (which would compute the gradients first) and the tensors the fused
// loop does not take go through torch's own step.
template <class Base, class Options>
torch::Tensor stepWith(Base& optimizer, std::vector<torch::optim::OptimizerParamGroup>& groups,
                       ska::flat_hash_map<std::string, std::unique_ptr<torch::optim::OptimizerParamState>>& states,
                       typename Base::LossClosure closure) {
  if (closure != nullptr || !fusable<Options>(groups)) return optimizer.Base::step(std::move(closure));
  torch::NoGradGuard noGrad;
  fusedStep<Options>(groups, states);
  return {};
}

}  // namespace

torch::Tensor FusedAdam::step(LossClosure closure) {
  return stepWith<torch::optim::Adam, torch::optim::AdamOptions>(*this, param_groups_, state_, std::move(closure));
}

torch::Tensor FusedAdamW::step(LossClosure closure) {
  return stepWith<torch::optim::AdamW, torch::optim::AdamWOptions>(*this, param_groups_, state_, std::move(closure));
}

}  // namespace comet
