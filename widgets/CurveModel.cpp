// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/CurveModel.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>

#include "core/util/MetricNames.h"

namespace comet::gui {

size_t CurveModel::addCurve(Role role, const RunData* run, size_t seeds, bool val) {
  Curve c;
  c.role = role;
  c.run = run;
  c.seeds = seeds;
  c.val = val;
  m_curves.push_back(std::move(c));
  return m_curves.size() - 1;
}

double CurveModel::lossScale() const { return m_options.metric == Metric::BitsPerCharacter ? 1 / std::log(2.0) : 1.0; }

double CurveModel::epochValue(const EpochRecord& e, bool train) const {
  const bool accuracy = m_options.metric == Metric::Accuracy;
  if (!m_options.task.empty()) {
    const std::string name = metric::task(m_options.task, train ? metric::kTrain : metric::kVal,
                                          accuracy ? metric::kAcc : metric::kLoss);
    for (const auto& [key, value] : e.extra)
      if (key == name) return accuracy ? value : value * lossScale();
    return NAN;
  }
  if (!accuracy) return (train ? e.trainLoss : e.valLoss) * lossScale();
  return train ? e.trainAcc : e.valAcc;
}

double CurveModel::epochX(const EpochRecord& e) const {
  return m_options.xAxis == XAxis::Step ? double(e.step) : double(e.epoch);
}

void CurveModel::rebuild(const std::vector<const RunData*>& runs, const Options& options) {
  m_options = options;
  m_runs = runs;
  m_curves.clear();
  m_series.clear();
  // Seed groups (two or more runs) come first, then every other run on its own.
  std::vector<const RunData*> singles = m_runs;
  if (m_options.seedMean) {
    singles.clear();
    std::map<std::string, std::vector<const RunData*>> groups;
    std::vector<std::string> order;
    for (const auto* r : m_runs) {
      const auto key = seedGroupKey(r->config);
      if (!groups.count(key)) order.push_back(key);
      groups[key].push_back(r);
    }
    bool anyGroup = false;
    for (const auto& key : order) {
      if (groups[key].size() < 2) singles.push_back(groups[key].front());
      else anyGroup = true;
    }
    if (anyGroup) addSeedGroups();
  }
  for (const auto* run : singles) {
    Series s;
    s.run = run;
    s.ema.weight = m_options.smoothing;
    if (perStep()) s.raw = addCurve(Role::Raw, run);
    s.train = addCurve(Role::Train, run);
    s.val = addCurve(Role::Val, run);
    m_series.push_back(s);
  }
  for (auto& s : m_series) appendNew(s);
  // A cross on the last finite training value: the run stopped there.
  for (const auto& s : m_series) {
    if (s.run->summary.status != RunStatus::Diverged || m_curves[s.train].points.empty()) continue;
    const CurvePoint last = m_curves[s.train].points.back();
    const size_t mark = addCurve(Role::DivergenceMark, s.run);
    m_curves[mark].points.push_back(last);
  }
}

bool CurveModel::append() {
  for (const auto& s : m_series)
    if (s.run->steps.size() < s.stepsTaken || s.run->epochs.size() < s.epochsTaken) return false;
  for (auto& s : m_series) appendNew(s);
  return true;
}

void CurveModel::appendNew(Series& s) {
  if (perStep()) appendSteps(s);
  auto& train = m_curves[s.train].points;
  auto& val = m_curves[s.val].points;
  const auto& epochs = s.run->epochs;
  for (size_t i = s.epochsTaken; i < epochs.size(); ++i) {
    const auto& e = epochs[i];
    if (!perStep() && std::isfinite(epochValue(e, true))) train.push_back({epochX(e), epochValue(e, true)});
    if (std::isfinite(epochValue(e, false))) val.push_back({epochX(e), epochValue(e, false)});
  }
  s.epochsTaken = epochs.size();
}

void CurveModel::appendSteps(Series& s) {
  const auto& steps = s.run->steps;
  auto& raw = m_curves[s.raw];
  auto& train = m_curves[s.train];
  // Past kMaxStepPoints the per-step curves hold one bucket of steps per min and
  // max point (raw) or per EMA point (smoothed): drawing cost stays bounded however
  // long the run. Buckets double as the run grows; each doubling recomputes once.
  size_t bucket = s.bucket;
  while (steps.size() / bucket > kMaxStepPoints) bucket *= 2;
  if (bucket != s.bucket) {
    s.bucket = bucket;
    raw.points.clear();
    train.points.clear();
    ++raw.restarts;
    ++train.restarts;
    s.stepsTaken = 0;
    s.ema = Ema{m_options.smoothing};
  }
  const size_t end = steps.size() - steps.size() % bucket;  // complete buckets only
  for (size_t b = s.stepsTaken; b < end; b += bucket) {
    double lo = INFINITY, hi = -INFINITY, loKey = 0, hiKey = 0;
    for (size_t i = b; i < b + bucket; ++i) {
      const auto& st = steps[i];
      if (!std::isfinite(st.loss)) continue;
      const double loss = st.loss * lossScale();
      s.ema.add(loss);
      if (loss < lo) lo = loss, loKey = double(st.step);
      if (loss > hi) hi = loss, hiKey = double(st.step);
    }
    if (!std::isfinite(lo)) continue;
    if (bucket == 1 || loKey == hiKey) {
      raw.points.push_back({loKey, lo});
    } else {  // both extremes, in step order
      raw.points.push_back(loKey < hiKey ? CurvePoint{loKey, lo} : CurvePoint{hiKey, hi});
      raw.points.push_back(loKey < hiKey ? CurvePoint{hiKey, hi} : CurvePoint{loKey, lo});
    }
    train.points.push_back({double(steps[b + bucket - 1].step), s.ema.value});
  }
  s.stepsTaken = end;
}

void CurveModel::addSeedGroups() {
  // Every group of two or more seeds, in key order: (low, high, mean) for the
  // training curve, then for validation. Recomputed in full at each rebuild.
  std::map<std::string, std::vector<const RunData*>> groups;
  for (const auto* r : m_runs) groups[seedGroupKey(r->config)].push_back(r);
  for (const auto& [key, runs] : groups) {
    if (runs.size() < 2) continue;
    for (const bool val : {false, true}) {
      std::vector<std::vector<CurvePoint>> curves;
      for (const auto* r : runs) {
        std::vector<CurvePoint> c;
        if (!val && perStep()) {
          Ema ema{m_options.smoothing};
          for (const auto& st : r->steps)
            if (std::isfinite(st.loss)) c.push_back({double(st.step), ema.add(st.loss * lossScale())});
        } else {
          for (const auto& e : r->epochs)
            if (std::isfinite(epochValue(e, !val))) c.push_back({epochX(e), epochValue(e, !val)});
        }
        curves.push_back(std::move(c));
      }
      // Up to the shortest run: a mean over fewer seeds would jump.
      size_t n = SIZE_MAX;
      for (const auto& c : curves) n = std::min(n, c.size());
      const size_t first = addCurve(Role::BandLow, runs.front(), runs.size(), val);
      addCurve(Role::BandHigh, runs.front(), runs.size(), val);
      addCurve(Role::Mean, runs.front(), runs.size(), val);
      auto& low = m_curves[first].points;
      auto& high = m_curves[first + 1].points;
      auto& mean = m_curves[first + 2].points;
      for (size_t i = 0; i < n; ++i) {
        double sum = 0, mn = INFINITY, mx = -INFINITY;
        for (const auto& c : curves) sum += c[i].value, mn = std::min(mn, c[i].value), mx = std::max(mx, c[i].value);
        const double x = curves.front()[i].key;
        low.push_back({x, mn});
        high.push_back({x, mx});
        mean.push_back({x, sum / double(curves.size())});
      }
    }
  }
}

}  // namespace comet::gui
