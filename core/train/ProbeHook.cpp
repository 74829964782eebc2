// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/ProbeHook.h"

#include <torch/torch.h>

namespace comet {

ProbeHook::ProbeHook(const ProbeConfig& config, int64_t epochs, std::unique_ptr<MaskProbe> masks,
                     std::unique_ptr<GateProbe> gates)
    : m_everyEpoch(config.everyEpoch), m_epochs(epochs), m_masks(std::move(masks)), m_gates(std::move(gates)) {}

ProbeHook::~ProbeHook() = default;

void ProbeHook::epochFinished(int64_t epoch, HookContext& ctx) {
  if (m_everyEpoch && epoch < m_epochs) probe(epoch, ctx);  // the last epoch's probe comes with the run's end
}

void ProbeHook::runFinished(int64_t epochsDone, HookContext& ctx) { probe(epochsDone, ctx); }

void ProbeHook::probe(int64_t epoch, HookContext& ctx) {
  ProbeReport report;
  if (m_masks) report = m_masks->run(ctx.net, ctx.info.ks, epoch);
  report.epoch = epoch;
  report.classNames = ctx.info.classNames;  // "T-shirt/top", ... in the probe CSVs and the workbench
  if (m_gates) {
    report.gates = m_gates->run(ctx.net, static_cast<double>(epoch));
    if (!m_masks) report.examples = report.gates.empty() ? 0 : static_cast<int64_t>(report.gates[0].labels.size());
  }
  for (auto* o : ctx.observers) o->probeFinished(report);
}

}  // namespace comet
