// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/Warnings.h"

#include <mutex>

namespace comet {
namespace {

std::mutex& handlerMutex() {
  static std::mutex m;
  return m;
}

WarningHandler& handler() {
  static WarningHandler h;
  return h;
}

}  // namespace

void setWarningHandler(WarningHandler h) {
  std::lock_guard<std::mutex> lock(handlerMutex());
  handler() = std::move(h);
}

void warn(const std::string& message) {
  std::lock_guard<std::mutex> lock(handlerMutex());
  if (handler()) handler()(message);
}

}  // namespace comet
