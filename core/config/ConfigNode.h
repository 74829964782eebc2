// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The YAML-node level of ConfigLoader, for readers of files that embed experiment
// keys (sweeps). Includes yaml-cpp: keep it out of headers the GUI includes.

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"

namespace comet {

// One value set on top of a config tree, and where it came from for messages
// ("sweep.yaml:12:20", "command-line override 'model.pk=2'").
struct NodeOverride {
  std::string key;  // dotted
  YAML::Node value;
  std::string where;
};

// Validates and reads `root` (a mapping of experiment keys; null means all
// defaults) with `overrides` applied, as ConfigLoader does for files.
ExperimentConfig loadConfigNode(YAML::Node root, const std::string& origin,
                                const std::vector<NodeOverride>& overrides);

// "file:line:column" of a node (1-based), or `origin` when the node has no mark.
std::string nodeLocation(const std::string& origin, const YAML::Node& node);

// Parses text as YAML, with ConfigErrors for syntax errors and non-UTF-8 text.
YAML::Node parseYaml(const std::string& text, const std::string& origin);

// Reads a whole text file; ConfigError naming the path when it cannot.
std::string readTextFile(const std::string& path, const char* what);

// Whether `key` is a key of the experiment schema.
bool isConfigKey(const std::string& key);

}  // namespace comet
