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

// What kind of value a key holds: how the loader parses it and which editor the
// workbench's form builds for it.
enum class FieldKind {
  Text,         // any string
  Folder,       // a path to a folder or file (the form adds a browse button)
  Choice,       // one of `choices`
  Integer,      // in [min, max]
  Real,         // in min..max, ends open or closed as marked
  IntegerList,  // one integer > min, or a list of them
  RealList,     // one number > (or >=) min, or a list of them
  TextList,     // a list of names (each one of `choices` when there are any)
  Boolean,
};

// One key of the experiment YAML: its dotted name, what it accepts, how to read it
// from a YAML node into the config and write it back, and how to present it. The
// schema is the single place that knows the keys: the loader, `comet keys`,
// sweeps and the workbench's form all read it.
struct ConfigField {
  std::string key;      // dotted, e.g. "model.pk"
  std::string allowed;  // human text: "a number in (0, 1]"
  FieldKind kind = FieldKind::Text;
  double min = 0, max = 0;  // Integer, Real, lists (max unused for lists)
  bool minOpen = false, maxOpen = false;
  std::vector<std::string> choices;     // Choice
  std::vector<std::string> choiceHelp;  // Choice: one line per choice, or empty
  std::string label;                    // short name for forms: "Learning rate"
  std::string help;                     // one line: what the key does
  std::string zeroMeans;                // Integer: what 0 stands for ("all", "off"), if special
  // The model.backbone values the key means something for; empty: every backbone.
  // The form shows the key only for those (the loader accepts it with any).
  std::vector<std::string> backbones;
  // Reads the node into the config; returns an error text (empty when fine).
  std::function<std::string(ExperimentConfig&, const YAML::Node&)> read;
  std::function<void(YAML::Emitter&, const ExperimentConfig&)> write;
};

const std::vector<ConfigField>& configSchema();
// The field of a dotted key, or null.
const ConfigField* configField(const std::string& key);
// The key's value in `config` as a person types it: a scalar as is ("0.5", "adam",
// a string unquoted), a list as "1000, 500".
std::string fieldText(const ConfigField& field, const ExperimentConfig& config);

// Whether `field` means something for model.backbone `backbone`.
bool appliesToBackbone(const ConfigField& field, const std::string& backbone);

// Keys that name a section rather than a value ("data", "model", ...).
bool isConfigSection(const std::string& dottedKey);

}  // namespace comet
