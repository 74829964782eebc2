// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/model/gates/SmoothStep.h"

#include <torch/torch.h>

namespace comet {

torch::Tensor smoothStep(const torch::Tensor& t, double gamma) {
  const double h = gamma / 2;
  // The cubic is evaluated on the clamped input so that huge |t| cannot overflow
  // t^3 into inf (whose 0 * inf backward would give NaN); the two `where`s then
  // make the saturated values exact and cut their gradient to exactly 0.
  const auto c = t.clamp(-h, h);
  const auto cubic = c.pow(3) * (-2.0 / (gamma * gamma * gamma)) + c * (1.5 / gamma) + 0.5;
  return torch::where(t <= -h, torch::zeros_like(t), torch::where(t >= h, torch::ones_like(t), cubic));
}

double smoothStep(double t, double gamma) {
  if (t <= -gamma / 2) return 0.0;
  if (t >= gamma / 2) return 1.0;
  return -2 * t * t * t / (gamma * gamma * gamma) + 3 * t / (2 * gamma) + 0.5;
}

double smoothStepDerivative(double t, double gamma) {
  if (t <= -gamma / 2 || t >= gamma / 2) return 0.0;
  return -6 * t * t / (gamma * gamma * gamma) + 3 / (2 * gamma);
}

}  // namespace comet
