// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"

namespace comet {

// Reads an experiment from YAML. Every problem is a ConfigError whose message names
// the file, line and column (or the command-line override), the key, and what is
// allowed; nothing is half-applied. Overrides are Hydra-style "dotted.key=value".
class ConfigLoader {
 public:
  static ExperimentConfig loadFile(const std::string& path,
                                   const std::vector<std::string>& overrides = {});
  // `origin` names the text in messages (a file name, "<gui>", ...).
  static ExperimentConfig loadString(const std::string& yaml, const std::string& origin,
                                     const std::vector<std::string>& overrides = {});
  // Applies overrides to an existing config (used by sweeps and the GUI).
  static ExperimentConfig withOverrides(const ExperimentConfig& base,
                                        const std::vector<std::string>& overrides);
};

// A problem the loader finds, with the key it belongs to, for a caller that marks
// the key at fault (the workbench's form) instead of reading the message's text.
struct ConfigProblem {
  std::string key;      // the dotted key at fault; empty when no one key is (data.mean against data.std)
  std::string message;  // the loader's message less where it found the problem: "key 'train.lr': expected ..."
  // Whether it is one override's own text or value (its syntax, key, type, range or
  // choice) rather than keys that must agree with each other.
  bool ofOverride = false;
};

// Applies `overrides` to `base` as ConfigLoader::withOverrides does: the first
// problem, or nothing when the result loads.
std::optional<ConfigProblem> validateConfig(const ExperimentConfig& base, const std::vector<std::string>& overrides);

// The resolved config as YAML: every key, in schema order.
std::string toYaml(const ExperimentConfig& config);

}  // namespace comet
