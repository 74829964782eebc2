// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/FastLinear.h"

#include <oneapi/dnnl/dnnl.h>
#include <torch/torch.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace comet {
namespace {

std::atomic<bool>& torchGemm() {
  static std::atomic<bool> flag{[] {
    const char* env = std::getenv("COMET_GEMM");
    return env && std::strcmp(env, "torch") == 0;
  }()};
  return flag;
}

bool eligible(const torch::Tensor& t) {
  return t.defined() && t.device().is_cpu() && t.scalar_type() == torch::kFloat32 && t.layout() == torch::kStrided;
}

// x [m, k] and w [n, k] contiguous; bias [n] or undefined.
torch::Tensor linearNoGrad(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& bias) {
  const int64_t m = x.size(0), k = x.size(1), n = w.size(0);
  torch::Tensor y;
  float beta = 0.0f;
  if (bias.defined()) {
    // clone, not contiguous(): for m == 1 the expanded view already counts as
    // contiguous, and sgemm (beta = 1) would then write into the bias itself.
    y = bias.expand({m, n}).clone(at::MemoryFormat::Contiguous);
    beta = 1.0f;
  } else {
    y = torch::empty({m, n}, x.options());
  }
  if (m > 0 && n > 0) sgemm('N', 'T', m, n, k, 1.0f, x.data_ptr<float>(), k, w.data_ptr<float>(), k, beta, y.data_ptr<float>(), n);
  return y;
}

// Needs a defined bias: autograd functions in libtorch 1.13 reject undefined inputs.
class LinearFunction : public torch::autograd::Function<LinearFunction> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& xIn,
                               const torch::Tensor& wIn, const torch::Tensor& bias) {
    const auto x = xIn.contiguous();
    const auto w = wIn.contiguous();
    ctx->save_for_backward({x, w});
    return linearNoGrad(x, w, bias);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto& x = saved[0];
    const auto& w = saved[1];
    const auto g = grads[0].contiguous();
    const int64_t m = x.size(0), k = x.size(1), n = w.size(0);
    torch::Tensor gx, gw, gb;
    if (ctx->needs_input_grad(0)) {
      gx = torch::empty({m, k}, x.options());
      sgemm('N', 'N', m, k, n, 1.0f, g.data_ptr<float>(), n, w.data_ptr<float>(), k, 0.0f, gx.data_ptr<float>(), k);
    }
    if (ctx->needs_input_grad(1)) {
      gw = torch::empty({n, k}, w.options());
      sgemm('T', 'N', n, k, m, 1.0f, g.data_ptr<float>(), n, x.data_ptr<float>(), k, 0.0f, gw.data_ptr<float>(), k);
    }
    if (ctx->needs_input_grad(2)) gb = g.sum(0);
    return {gx, gw, gb};
  }
};

}  // namespace

void sgemm(char ta, char tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda, const float* b,
           int64_t ldb, float beta, float* c, int64_t ldc) {
  const auto status = dnnl_sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  TORCH_CHECK(status == dnnl_success, "oneDNN sgemm failed with status ", static_cast<int>(status));
}

void setTorchGemm(bool useTorch) { torchGemm() = useTorch; }
bool usingTorchGemm() { return torchGemm(); }

torch::Tensor fastLinear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) {
  const bool fast = !torchGemm() && x.dim() == 2 && eligible(x) && eligible(weight) &&
                    (!bias.defined() || eligible(bias));
  if (!fast) return torch::linear(x, weight, bias);
  const bool needsGrad = torch::GradMode::is_enabled() &&
                         (x.requires_grad() || weight.requires_grad() || (bias.defined() && bias.requires_grad()));
  if (!needsGrad) return linearNoGrad(x.contiguous(), weight.contiguous(), bias);
  if (!bias.defined()) return torch::linear(x, weight, bias);
  return LinearFunction::apply(x, weight, bias);
}

}  // namespace comet
