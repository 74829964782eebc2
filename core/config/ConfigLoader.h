// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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

// The resolved config as YAML: every key, in schema order.
std::string toYaml(const ExperimentConfig& config);

}  // namespace comet
