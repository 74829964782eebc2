// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sweep/Sweep.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <set>

#include "core/config/ConfigLoader.h"
#include "core/config/ConfigNode.h"
#include "core/util/Error.h"

namespace comet {
namespace {

const std::set<std::string> kTopKeys = {"name", "experiment", "config", "grid", "random", "seeds"};

// A swept value and where it was written.
struct Value {
  YAML::Node node;
  std::string where;
};

struct Axis {
  std::string key;
  std::vector<Value> values;
};

std::string text(const YAML::Node& n) {
  if (n.IsScalar()) return n.Scalar();
  YAML::Emitter e;
  e << YAML::Flow << n;
  return e.c_str();
}

std::string shortKey(const std::string& key) {
  const auto dot = key.rfind('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

std::string cellName(int64_t index, const std::vector<std::pair<std::string, std::string>>& assignments) {
  char prefix[16];
  std::snprintf(prefix, sizeof(prefix), "%04lld", static_cast<long long>(index));
  std::string name = prefix;
  for (const auto& [k, v] : assignments) name += "_" + shortKey(k) + "=" + v;
  for (auto& ch : name)
    if (ch == '/' || ch == ' ' || ch == '[' || ch == ']' || ch == ',' || ch == ':' || ch == '\'' || ch == '"') ch = '-';
  return name.size() > 120 ? name.substr(0, 120) : name;
}

std::vector<Axis> readGrid(const YAML::Node& grid, const std::string& file) {
  std::vector<Axis> axes;
  if (!grid) return axes;
  if (!grid.IsMap()) throw ConfigError(nodeLocation(file, grid) + ": 'grid' must map config keys to lists of values");
  for (auto it = grid.begin(); it != grid.end(); ++it) {
    const std::string key = it->first.Scalar();
    if (!isConfigKey(key) || key == "seed")
      throw ConfigError(nodeLocation(file, it->first) + ": grid key '" + key + "' is not a config key" +
                        (key == "seed" ? " to sweep here; use 'seeds:'" : " (see comet keys)"));
    Axis axis{key, {}};
    const YAML::Node values = it->second;  // a copy: it->second is a member of a temporary
    if (!values.IsSequence() || values.size() == 0)
      throw ConfigError(nodeLocation(file, values) + ": grid key '" + key + "' needs a non-empty list of values");
    for (const auto& v : values) axis.values.push_back({v, nodeLocation(file, v)});
    axes.push_back(std::move(axis));
  }
  return axes;
}

// Draws `samples` assignments of the random keys.
std::vector<std::vector<Value>> readRandom(const YAML::Node& random, const std::string& file,
                                           std::vector<std::string>& keys) {
  std::vector<std::vector<Value>> draws;
  if (!random) return draws;
  const std::string where = nodeLocation(file, random);
  if (!random.IsMap() || !random["samples"] || !random["keys"] || !random["keys"].IsMap())
    throw ConfigError(where + ": 'random' needs 'samples: N' and 'keys:' mapping config keys to distributions");
  const int samples = random["samples"].as<int>(0);
  if (samples < 1) throw ConfigError(nodeLocation(file, random["samples"]) + ": 'samples' must be a positive integer");
  const uint64_t seed = random["seed"] ? random["seed"].as<uint64_t>(0) : 0;
  std::mt19937_64 rng(seed);
  struct Dist {
    std::string key, kind, where;
    YAML::Node args;
  };
  std::vector<Dist> dists;
  for (auto it = random["keys"].begin(); it != random["keys"].end(); ++it) {
    const std::string key = it->first.Scalar();
    if (!isConfigKey(key)) throw ConfigError(nodeLocation(file, it->first) + ": random key '" + key + "' is not a config key");
    const YAML::Node spec = it->second;  // a copy: it->second is a member of a temporary
    if (!spec.IsMap() || spec.size() != 1)
      throw ConfigError(nodeLocation(file, spec) + ": '" + key + "' needs one of {uniform: [a, b]}, {log_uniform: [a, b]}, "
                        "{int_uniform: [a, b]}, {choice: [...]}");
    const std::string kind = spec.begin()->first.Scalar();
    const YAML::Node args = spec.begin()->second;
    const bool range = kind == "uniform" || kind == "log_uniform" || kind == "int_uniform";
    if (!(range || kind == "choice") || !args.IsSequence() || (range && args.size() != 2) || args.size() == 0)
      throw ConfigError(nodeLocation(file, spec) + ": '" + key + "': unknown distribution '" + kind +
                        "' or wrong arguments; expected uniform/log_uniform/int_uniform: [low, high] or choice: [...]");
    if (kind == "log_uniform" && (args[0].as<double>(0) <= 0 || args[1].as<double>(0) <= 0))
      throw ConfigError(nodeLocation(file, args) + ": log_uniform bounds must be > 0");
    dists.push_back({key, kind, nodeLocation(file, spec), args});
    keys.push_back(key);
  }
  for (int s = 0; s < samples; ++s) {
    std::vector<Value> draw;
    for (const auto& d : dists) {
      std::uniform_real_distribution<double> unit(0.0, 1.0);
      YAML::Node v;
      char buf[32];
      if (d.kind == "choice") {
        v = d.args[static_cast<size_t>(rng() % d.args.size())];
      } else if (d.kind == "int_uniform") {
        const auto lo = d.args[0].as<long long>(0), hi = d.args[1].as<long long>(0);
        std::snprintf(buf, sizeof(buf), "%lld", lo + static_cast<long long>(rng() % static_cast<uint64_t>(hi - lo + 1)));
        v = YAML::Node(std::string(buf));
      } else {
        const double lo = d.args[0].as<double>(0), hi = d.args[1].as<double>(0);
        const double x = d.kind == "uniform" ? lo + (hi - lo) * unit(rng)
                                             : std::exp(std::log(lo) + (std::log(hi) - std::log(lo)) * unit(rng));
        std::snprintf(buf, sizeof(buf), "%.4g", x);
        v = YAML::Node(std::string(buf));
      }
      draw.push_back({v, d.where});
    }
    draws.push_back(std::move(draw));
  }
  return draws;
}

std::vector<uint64_t> readSeeds(const YAML::Node& seeds, const std::string& file) {
  if (!seeds) return {0};
  if (seeds.IsScalar()) {
    const int n = seeds.as<int>(0);
    if (n < 1) throw ConfigError(nodeLocation(file, seeds) + ": 'seeds' must be a positive count or a list of seeds");
    std::vector<uint64_t> out;
    for (int i = 0; i < n; ++i) out.push_back(static_cast<uint64_t>(i));
    return out;
  }
  if (!seeds.IsSequence() || seeds.size() == 0)
    throw ConfigError(nodeLocation(file, seeds) + ": 'seeds' must be a positive count or a list of seeds");
  std::vector<uint64_t> out;
  for (const auto& s : seeds) {
    try {
      out.push_back(s.as<uint64_t>());
    } catch (const YAML::Exception&) {
      throw ConfigError(nodeLocation(file, s) + ": a seed must be a non-negative integer, got '" + text(s) + "'");
    }
  }
  return out;
}

}  // namespace

Sweep loadSweep(const std::string& path, const std::vector<std::string>& overrides) {
  const YAML::Node root = parseYaml(readTextFile(path, "sweep file"), path);
  if (!root.IsMap()) throw ConfigError(path + ": a sweep file is a mapping with grid:, random:, seeds:, ...");
  for (auto it = root.begin(); it != root.end(); ++it)
    if (!kTopKeys.count(it->first.Scalar()))
      throw ConfigError(nodeLocation(path, it->first) + ": unknown sweep key '" + it->first.Scalar() +
                        "'; a sweep file has name, experiment, config, grid, random, seeds");
  Sweep sweep;
  sweep.file = path;
  sweep.name = root["name"] ? root["name"].Scalar() : std::filesystem::path(path).stem().string();

  // The base experiment: a referenced file, with inline keys on top.
  YAML::Node base(YAML::NodeType::Map);
  std::string baseOrigin = path;
  if (root["experiment"]) {
    const auto file = std::filesystem::path(path).parent_path() / root["experiment"].Scalar();
    baseOrigin = file.string();
    base = parseYaml(readTextFile(baseOrigin, "experiment file"), baseOrigin);
  }
  std::vector<NodeOverride> fixed;
  if (const YAML::Node inline_ = root["config"]) {
    if (!inline_.IsMap()) throw ConfigError(nodeLocation(path, inline_) + ": 'config' must be a mapping of experiment keys");
    // Flatten the inline mapping into dotted overrides that remember their lines.
    std::function<void(const YAML::Node&, const std::string&)> flatten = [&](const YAML::Node& n, const std::string& prefix) {
      for (auto it = n.begin(); it != n.end(); ++it) {
        const std::string key = prefix.empty() ? it->first.Scalar() : prefix + "." + it->first.Scalar();
        if (it->second.IsMap() && !isConfigKey(key)) flatten(it->second, key);
        else fixed.push_back({key, it->second, nodeLocation(path, it->second)});
      }
    };
    flatten(inline_, "");
  }
  for (const auto& o : overrides) {
    const auto eq = o.find('=');
    if (eq == std::string::npos || eq == 0) throw ConfigError("command-line override '" + o + "': expected key=value");
    fixed.push_back({o.substr(0, eq), YAML::Load(o.substr(eq + 1)), "command-line override '" + o + "'"});
  }

  const std::vector<Axis> axes = readGrid(root["grid"], path);
  std::vector<std::string> randomKeys;
  const auto draws = readRandom(root["random"], path, randomKeys);
  const std::vector<uint64_t> seeds = readSeeds(root["seeds"], path);
  // A key both on the grid and drawn at random: the draw would override every grid
  // value, leaving identical cells.
  for (const auto& k : randomKeys)
    for (const auto& a : axes)
      if (a.key == k)
        throw ConfigError(nodeLocation(path, root["random"]["keys"]) + ": '" + k +
                          "' is both a grid key and a random key; sweep it in one of them");
  for (const auto& a : axes) sweep.sweptKeys.push_back(a.key);
  for (const auto& k : randomKeys) sweep.sweptKeys.push_back(k);
  sweep.sweptKeys.push_back("seed");

  // Grid combinations (first key outermost) x random draws x seeds.
  std::vector<std::vector<Value>> combos(1);
  for (const auto& a : axes) {
    std::vector<std::vector<Value>> next;
    for (const auto& c : combos)
      for (const auto& v : a.values) {
        auto e = c;
        e.push_back(v);
        next.push_back(std::move(e));
      }
    combos = std::move(next);
  }
  const size_t nDraws = draws.empty() ? 1 : draws.size();
  int64_t index = 0;
  for (const auto& combo : combos)
    for (size_t d = 0; d < nDraws; ++d)
      for (uint64_t seed : seeds) {
        SweepCell cell;
        cell.index = index++;
        std::vector<NodeOverride> ov = fixed;
        std::vector<Value> values = combo;
        if (!draws.empty()) values.insert(values.end(), draws[d].begin(), draws[d].end());
        for (size_t i = 0; i + 1 < sweep.sweptKeys.size(); ++i) {
          ov.push_back({sweep.sweptKeys[i], values[i].node, values[i].where});
          cell.assignments.emplace_back(sweep.sweptKeys[i], text(values[i].node));
        }
        ov.push_back({"seed", YAML::Node(seed), path + " (seeds)"});
        cell.assignments.emplace_back("seed", std::to_string(seed));
        cell.config = loadConfigNode(YAML::Clone(base), baseOrigin, ov);
        if (cell.config.name == ExperimentConfig{}.name) cell.config.name = sweep.name;
        cell.name = cellName(cell.index, cell.assignments);
        sweep.cells.push_back(std::move(cell));
      }
  return sweep;
}

}  // namespace comet
