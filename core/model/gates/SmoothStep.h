// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <torch/types.h>

namespace comet {

// The smooth-step of COMET and DSelect-k (Hazimeh et al. 2020):
//   S(t) = 0 for t <= -gamma/2, 1 for t >= gamma/2,
//          -2 t^3 / gamma^3 + 3 t / (2 gamma) + 1/2 in between.
// Unlike a sigmoid it reaches 0 and 1 exactly, which is what lets a tree route an
// example to exactly one leaf. Outside (-gamma/2, gamma/2) the value is exactly 0
// or 1 and the gradient exactly 0 (no NaN however large |t| is).
torch::Tensor smoothStep(const torch::Tensor& t, double gamma);
double smoothStep(double t, double gamma);
// dS/dt, the closed form (0 outside the interval; continuous, 0 at both ends).
double smoothStepDerivative(double t, double gamma);

}  // namespace comet
