// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"

namespace YAML {
class Node;
class Emitter;
}  // namespace YAML

namespace comet {

// One key of the experiment YAML: its dotted name, what it accepts (for error
// messages and --help), how to read it from a YAML node into the config, and how
// to write it back. The schema is the single place that knows the key names.
struct ConfigField {
  std::string key;      // dotted, e.g. "model.pk"
  std::string allowed;  // human text: "a number in (0, 1]"
  // Reads the node into the config; returns an error text (empty when fine).
  std::function<std::string(ExperimentConfig&, const YAML::Node&)> read;
  std::function<void(YAML::Emitter&, const ExperimentConfig&)> write;
};

const std::vector<ConfigField>& configSchema();

// Keys that name a section rather than a value ("data", "model", ...).
bool isConfigSection(const std::string& dottedKey);

}  // namespace comet
