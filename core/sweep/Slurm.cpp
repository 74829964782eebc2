// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sweep/Slurm.h"

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace comet {
namespace fs = std::filesystem;

void validateSlurmOptions(const SlurmOptions& o) {
  // Slurm's own forms (sbatch(1), --time and --mem); checked here so that a typo is
  // a clear error before anything is written or submitted.
  static const std::regex time(R"(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})");
  static const std::regex mem(R"(\d+[KMGTkmgt]?)");
  static const std::regex partition(R"([A-Za-z0-9_.,-]+)");
  if (!o.time.empty() && !std::regex_match(o.time, time))
    throw std::invalid_argument("--time '" + o.time +
                                "': expected minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 2:00:00)");
  if (!o.mem.empty() && !std::regex_match(o.mem, mem))
    throw std::invalid_argument("--mem '" + o.mem + "': expected an integer with an optional K, M, G or T suffix (e.g. 4G)");
  if (!o.partition.empty() && !std::regex_match(o.partition, partition))
    throw std::invalid_argument("--partition '" + o.partition + "': expected a partition name (letters, digits, _ . -, comma-separated)");
  if (o.cpusPerTask < 0) throw std::invalid_argument("--cpus-per-task: expected an integer >= 1");
  if (o.maxParallel < 0) throw std::invalid_argument("--max-parallel: expected an integer >= 1");
}

std::string slurmArraySpec(std::vector<int64_t> indices, int64_t maxParallel) {
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  std::string spec;
  for (size_t i = 0; i < indices.size();) {
    size_t j = i;
    while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
    if (!spec.empty()) spec += ",";
    spec += std::to_string(indices[i]);
    if (j > i) spec += "-" + std::to_string(indices[j]);
    i = j + 1;
  }
  if (maxParallel > 0) spec += "%" + std::to_string(maxParallel);
  return spec;
}

std::string shellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string slurmLogFile(const std::string& out, int64_t cell) {
  return (fs::path(out) / "slurm" / ("cell_" + std::to_string(cell) + ".log")).string();
}

std::string slurmJobsFile(const std::string& out) { return (fs::path(out) / "slurm" / "jobs.tsv").string(); }

std::string sbatchScript(const SbatchJob& job) {
  const SlurmOptions& o = job.options;
  std::ostringstream s;
  s << "#!/bin/bash\n"
    << "# Written by `comet sweep --slurm`: sweep " << job.sweepName << ", " << job.cells.size() << " of "
    << job.totalCells << " cells (those not finished).\n"
    << "# One array task per cell; the array index is the cell index. Submit again with\n"
    << "# `comet sweep --slurm` to resume: only unfinished cells are submitted.\n"
    << "#SBATCH --job-name=" << ("comet-" + job.sweepName) << "\n"
    << "#SBATCH --array=" << slurmArraySpec(job.cells, o.maxParallel) << "\n"
    << "#SBATCH --chdir=" << job.workdir << "\n"
    << "#SBATCH --output=" << (fs::path(job.out) / "slurm" / "cell_%a.log").string() << "\n"
    << "#SBATCH --open-mode=append\n";
  if (!o.partition.empty()) s << "#SBATCH --partition=" << o.partition << "\n";
  if (!o.time.empty()) s << "#SBATCH --time=" << o.time << "\n";
  if (o.cpusPerTask > 0) s << "#SBATCH --cpus-per-task=" << o.cpusPerTask << "\n";
  if (!o.mem.empty()) s << "#SBATCH --mem=" << o.mem << "\n";
  s << "\necho \"comet sweep: cell $SLURM_ARRAY_TASK_ID, job $SLURM_ARRAY_JOB_ID, $(hostname), $(date -Is)\"\n"
    << "exec " << shellQuote(job.comet) << " sweep " << shellQuote(job.sweepFile) << " --cell \"$SLURM_ARRAY_TASK_ID\" \\\n"
    << "  --out " << shellQuote(job.out) << " --quiet";
  for (const auto& ov : job.overrides) s << " " << shellQuote(ov);
  // Each cell uses the CPUs Slurm gave it (the thread count does not change which
  // cell a directory holds, docs/sweeps.md).
  s << " \\\n  \"train.threads=${SLURM_CPUS_PER_TASK:-1}\"\n";
  return s.str();
}

std::string parseSbatchJobId(const std::string& output) {
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    const std::string id = line.substr(0, line.find(';'));
    if (!id.empty() && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) return id;
  }
  throw std::runtime_error("sbatch printed no job id: '" + output + "'");
}

std::map<int64_t, std::string> parseSqueueTasks(const std::string& output, const std::vector<std::string>& jobIds) {
  std::map<int64_t, std::string> tasks;
  std::istringstream in(output);
  std::string line;
  static const std::regex range(R"((\d+)(?:-(\d+))?)");
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, state;
    if (!(fields >> id >> state)) continue;
    const auto underscore = id.find('_');
    if (underscore == std::string::npos) continue;
    if (std::find(jobIds.begin(), jobIds.end(), id.substr(0, underscore)) == jobIds.end()) continue;
    std::string indices = id.substr(underscore + 1);
    if (!indices.empty() && indices.front() == '[') {
      indices = indices.substr(1, indices.find_first_of("]%") - 1);
    }
    std::istringstream parts(indices);
    std::string part;
    while (std::getline(parts, part, ',')) {
      std::smatch m;
      if (!std::regex_match(part, m, range)) continue;
      const int64_t first = std::stoll(m[1].str());
      const int64_t last = m[2].matched ? std::stoll(m[2].str()) : first;
      for (int64_t i = first; i <= last && i - first < 1000000; ++i) tasks[i] = state;
    }
  }
  return tasks;
}

}  // namespace comet
