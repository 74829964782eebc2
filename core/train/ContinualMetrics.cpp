// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/ContinualMetrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace comet {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

}  // namespace

AccuracyMatrix::AccuracyMatrix(int64_t tasks)
    : m_tasks(tasks), m_r(static_cast<size_t>(tasks * tasks), kMissing) {}

size_t AccuracyMatrix::index(int64_t i, int64_t j) const {
  if (i < 0 || j < 0 || i >= m_tasks || j >= m_tasks)
    throw std::out_of_range("accuracy matrix: cell (" + std::to_string(i) + ", " + std::to_string(j) +
                            ") outside " + std::to_string(m_tasks) + " tasks");
  return static_cast<size_t>(i * m_tasks + j);
}

double AccuracyMatrix::at(int64_t i, int64_t j) const { return m_r[index(i, j)]; }

void AccuracyMatrix::set(int64_t i, int64_t j, double accuracy) { m_r[index(i, j)] = accuracy; }

std::vector<std::vector<double>> AccuracyMatrix::rows() const {
  std::vector<std::vector<double>> out;
  for (int64_t i = 0; i < m_tasks; ++i) out.emplace_back(m_r.begin() + i * m_tasks, m_r.begin() + (i + 1) * m_tasks);
  return out;
}

ContinualFigures continualFigures(const AccuracyMatrix& r, const std::vector<double>& b) {
  ContinualFigures f;
  // The rows evaluated: a row counts once its diagonal cell (the task just trained) is there.
  while (f.tasksDone < r.tasks() && !std::isnan(r.at(f.tasksDone, f.tasksDone))) ++f.tasksDone;
  const int64_t t = f.tasksDone;
  f.acc = f.bwt = f.fwt = f.meanForgetting = kMissing;
  if (t == 0) return f;
  const int64_t last = t - 1;
  double sum = 0;
  for (int64_t j = 0; j < t; ++j) sum += r.at(last, j);
  f.acc = sum / static_cast<double>(t);
  if (t < 2) return f;
  double bwt = 0, forgetting = 0;
  for (int64_t j = 0; j < last; ++j) {
    bwt += r.at(last, j) - r.at(j, j);
    double best = -std::numeric_limits<double>::infinity();
    for (int64_t l = 0; l < last; ++l) best = std::max(best, r.at(l, j));  // every earlier row, as Chaudhry et al.
    f.forgetting.push_back(best - r.at(last, j));
    forgetting += f.forgetting.back();
  }
  f.bwt = bwt / static_cast<double>(last);
  f.meanForgetting = forgetting / static_cast<double>(last);
  if (static_cast<int64_t>(b.size()) >= t) {
    double fwt = 0;
    for (int64_t j = 1; j < t; ++j) fwt += r.at(j - 1, j) - b[static_cast<size_t>(j)];
    f.fwt = fwt / static_cast<double>(last);
  }
  return f;
}

}  // namespace comet
