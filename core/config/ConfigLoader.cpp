// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/ConfigLoader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/config/ConfigNode.h"
#include "core/config/ConfigSchema.h"
#include "core/config/ContinualCheck.h"
#include "core/config/MethodNames.h"
#include "core/config/Execution.h"
#include "core/util/EditDistance.h"
#include "core/util/Error.h"
#include "core/util/Utf8.h"

namespace comet {
namespace {

const ConfigField* findField(const std::string& key) {
  for (const auto& f : configSchema())
    if (f.key == key) return &f;
  return nullptr;
}

std::string suggestion(const std::string& key) {
  std::vector<std::string> keys;
  for (const auto& f : configSchema()) keys.push_back(f.key);
  const std::string best = closestMatch(key, keys);
  return best.empty() ? std::string() : " (did you mean '" + best + "'?)";
}

std::string at(const std::string& origin, const YAML::Mark& m) {
  if (m.is_null()) return origin;
  return origin + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

// A ConfigError that also carries its key and its message less where it was
// found, for validateConfig; its text is what the loader has always said.
class ProblemError : public ConfigError {
 public:
  ProblemError(const std::string& where, ConfigProblem problem)
      : ConfigError(where + ": " + problem.message), m_problem(std::move(problem)) {}
  const ConfigProblem& problem() const { return m_problem; }

 private:
  ConfigProblem m_problem;
};

struct Entry {
  const ConfigField* field;
  YAML::Node value;
  std::string where;
};

class Reader {
 public:
  Reader(std::string origin, std::map<std::string, std::string> overrideOrigin)
      : m_origin(std::move(origin)), m_overrideOrigin(std::move(overrideOrigin)) {}

  void walk(const YAML::Node& node, const std::string& prefix, std::vector<Entry>& out) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      // A copy: it->first lives in a temporary that ends with this statement
      // (found by fuzz_config: stack-use-after-scope).
      const YAML::Node keyNode = it->first;
      const std::string name = keyNode.IsScalar() ? keyNode.Scalar() : std::string("?");
      const std::string key = prefix.empty() ? name : prefix + "." + name;
      const std::string where = whereOf(key, keyNode.Mark());
      if (isConfigSection(key)) {
        if (it->second.IsNull()) continue;
        if (!it->second.IsMap())
          throw ConfigError(where + ": key '" + key + "' must be a mapping of keys, like '" + key +
                            ":\\n  key: value'");
        walk(it->second, key, out);
        continue;
      }
      const ConfigField* f = findField(key);
      if (!f) throw ConfigError(where + ": unknown key '" + key + "'" + suggestion(key));
      out.push_back({f, it->second, where});
    }
  }

  std::string whereOf(const std::string& key, const YAML::Mark& mark) const {
    auto it = m_overrideOrigin.find(key);
    return it != m_overrideOrigin.end() ? it->second : at(m_origin, mark);
  }

 private:
  std::string m_origin;
  std::map<std::string, std::string> m_overrideOrigin;
};

}  // namespace

namespace {

// yaml-cpp says "illegal map value" for a tab in the indentation; say why.
std::string tabHint(const std::string& text, int line) {
  if (line < 0) return {};
  size_t start = 0;
  for (int l = 0; l < line && start != std::string::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos) return {};
  const size_t end = text.find_first_not_of(" \t", start);
  const std::string indent = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  return indent.find('\t') != std::string::npos ? " (line " + std::to_string(line + 1) +
                                                      " is indented with a tab; YAML indents with spaces only)"
                                                : std::string();
}

// yaml-cpp keeps both entries of a key repeated in one mapping, and which one a
// reader then uses is an accident of the reader: refuse them. The walk is bounded
// (aliases can share nodes, even make cycles): past the budget it stops looking.
void rejectDuplicateKeys(const YAML::Node& node, const std::string& origin, int depth, int64_t& budget) {
  if (depth > 64 || --budget < 0) return;
  if (node.IsSequence()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      const YAML::Node child = *it;
      rejectDuplicateKeys(child, origin, depth + 1, budget);
    }
    return;
  }
  if (!node.IsMap()) return;
  std::map<std::string, YAML::Mark> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;  // copies: it-> members live in a temporary
    const YAML::Node value = it->second;
    if (key.IsScalar()) {
      const auto [first, fresh] = seen.emplace(key.Scalar(), key.Mark());
      if (!fresh)
        throw ConfigError(at(origin, key.Mark()) + ": key '" + key.Scalar() + "' appears twice in one mapping (first at line " +
                          std::to_string(first->second.line + 1) + "); keep one");
    }
    rejectDuplicateKeys(value, origin, depth + 1, budget);
  }
}

}  // namespace

YAML::Node parseYaml(const std::string& text, const std::string& origin) {
  if (auto bad = firstInvalidUtf8(text))
    throw ConfigError(origin + ": byte offset " + std::to_string(*bad) +
                      ": the file is not valid UTF-8 text");
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(at(origin, e.mark) + ": YAML syntax error: " + e.msg + tabHint(text, e.mark.line));
  }
  int64_t budget = 100000;
  rejectDuplicateKeys(root, origin, 0, budget);
  return root;
}

namespace {

NodeOverride parseOverride(const std::string& text) {
  const std::string where = "command-line override '" + text + "'";
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) throw ProblemError(where, {{}, "expected key=value, like model.pk=0.5", true});
  NodeOverride o;
  o.key = text.substr(0, eq);
  o.where = where;
  try {
    o.value = YAML::Load(text.substr(eq + 1));
  } catch (const YAML::ParserException& e) {
    throw ProblemError(where, {o.key, "the value is not valid YAML: " + e.msg, true});
  }
  return o;
}

void applyOverride(YAML::Node& root, const NodeOverride& o, std::map<std::string, std::string>& origins) {
  if (!findField(o.key)) throw ProblemError(o.where, {o.key, "unknown key '" + o.key + "'" + suggestion(o.key), true});
  YAML::Node cur;
  cur.reset(root);
  std::stringstream parts(o.key);
  std::string part;
  std::vector<std::string> path;
  while (std::getline(parts, part, '.')) path.push_back(part);
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    YAML::Node next = cur[path[i]];
    if (!next.IsDefined() || next.IsNull()) {
      cur[path[i]] = YAML::Node(YAML::NodeType::Map);
      next = cur[path[i]];
    }
    if (!next.IsMap()) throw ProblemError(o.where, {o.key, "'" + path[i] + "' in the config is not a mapping", true});
    cur.reset(next);
  }
  cur[path.back()] = YAML::Clone(o.value);
  origins[o.key] = o.where;
}

// Keys that must agree with each other: the first disagreement, pinned to the key
// it is best fixed at (none for data.mean against data.std, or the CSV keys).
std::optional<ConfigProblem> crossCheck(const ExperimentConfig& c) {
  const auto keyed = [](const std::string& key, const std::string& why) {
    return ConfigProblem{key, "key '" + key + "': " + why, false};
  };
  if (c.data.mean.size() != c.data.std.size())
    return ConfigProblem{{},
                         "data.mean has " + std::to_string(c.data.mean.size()) + " values but data.std has " +
                             std::to_string(c.data.std.size()) + "; give one value per channel in both",
                         false};
  if (c.model.backbone == "moe") {
    if (c.model.gateK > c.model.experts && c.model.gate != "hash")
      return keyed("model.gate_k", std::to_string(c.model.gateK) + " is larger than model.experts (" +
                                       std::to_string(c.model.experts) + "); a gate picks k of the n experts");
  }
  if (isTransformer(c.model.backbone)) {
    const auto& methods = transformerMethods();
    if (std::find(methods.begin(), methods.end(), c.model.method) == methods.end())
      return keyed("model.method", "'" + c.model.method + "' does not run on backbone " + c.model.backbone +
                                       "; these do: " + joinedTransformerMethods());
    if (c.model.backbone != "mixer" && c.model.embedDim % c.model.heads != 0)
      return keyed("model.heads", std::to_string(c.model.heads) + " heads do not divide model.embed_dim (" +
                                      std::to_string(c.model.embedDim) +
                                      "); each head gets embed_dim / heads dimensions");
  }
  if (c.model.backbone == "gpt" && !isLanguageModel(c.data))
    return keyed("model.backbone",
                 "gpt is a language model and needs text data "
                 "(data.dataset: text, data.root: a text file or folder); this config reads '" +
                     c.data.dataset + "'");
  if (isLanguageModel(c.data) && c.model.backbone != "gpt")
    return keyed("data.dataset", "text data trains a language model: set model.backbone: gpt (this config has " +
                                     c.model.backbone + ")");
  if (isLanguageModel(c.data))
    if (const std::string why = textBlockProblem(c.data, c.model.contextLength); !why.empty())
      return keyed("data.text_block", why);
  if (const std::string why = csvKeysProblem(c.data); !why.empty()) return ConfigProblem{{}, why, false};
  if (isContinual(c.continual))
    if (auto problem = continualProblem(c)) return problem;
  if (c.model.execution == "sparse") {
    const std::string why = sparseIneligibility(c);
    if (!why.empty()) return keyed("model.execution", "sparse cannot run this experiment: " + why);
  }
  return std::nullopt;
}

}  // namespace

ExperimentConfig loadConfigNode(YAML::Node root, const std::string& origin,
                                const std::vector<NodeOverride>& overrides) {
  if (!root.IsDefined() || root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap())
    throw ConfigError(at(origin, root.Mark()) + ": an experiment config is a mapping of keys "
                      "(data:, model:, train:, seed:, ...), got " +
                      (root.IsSequence() ? std::string("a list") : "'" + root.Scalar() + "'"));
  std::map<std::string, std::string> overrideOrigin;
  for (const auto& o : overrides) applyOverride(root, o, overrideOrigin);

  Reader reader(origin, overrideOrigin);
  std::vector<Entry> entries;
  reader.walk(root, "", entries);
  ExperimentConfig config;
  for (const auto& e : entries) {
    const std::string err = e.field->read(config, e.value);
    if (!err.empty())
      throw ProblemError(e.where,
                         {e.field->key, "key '" + e.field->key + "': " + err, overrideOrigin.count(e.field->key) > 0});
  }
  if (auto problem = crossCheck(config)) throw ProblemError(origin, std::move(*problem));
  return config;
}

std::string nodeLocation(const std::string& origin, const YAML::Node& node) { return at(origin, node.Mark()); }

bool isConfigKey(const std::string& key) { return findField(key) != nullptr; }

std::string readTextFile(const std::string& path, const char* what) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw ConfigError(path + ": is a folder, not a file: expected the " + std::string(what) + " itself");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot open the " + what + " (does it exist and is it readable?)");
  std::stringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw ConfigError(path + ": error while reading the " + what);
  return buf.str();
}

ExperimentConfig ConfigLoader::loadString(const std::string& yaml, const std::string& origin,
                                          const std::vector<std::string>& overrides) {
  std::vector<NodeOverride> parsed;
  for (const auto& o : overrides) parsed.push_back(parseOverride(o));
  return loadConfigNode(parseYaml(yaml, origin), origin, parsed);
}

ExperimentConfig ConfigLoader::loadFile(const std::string& path, const std::vector<std::string>& overrides) {
  const std::string text = readTextFile(path, "config file");
  // An empty file is more likely a truncated one than a wish for every default.
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw ConfigError(path + ": the config file is empty (expected a mapping of keys: data:, model:, train:, seed:, ...)");
  return loadString(text, path, overrides);
}

ExperimentConfig ConfigLoader::withOverrides(const ExperimentConfig& base,
                                             const std::vector<std::string>& overrides) {
  return loadString(toYaml(base), "<config>", overrides);
}

std::optional<ConfigProblem> validateConfig(const ExperimentConfig& base, const std::vector<std::string>& overrides) {
  try {
    ConfigLoader::withOverrides(base, overrides);
    return std::nullopt;
  } catch (const ProblemError& e) {
    return e.problem();
  } catch (const std::exception& e) {  // pinned to no key (the base config's own YAML, say)
    return ConfigProblem{{}, e.what(), false};
  }
}

std::string toYaml(const ExperimentConfig& config) {
  YAML::Emitter e;
  e.SetDoublePrecision(15);  // 0.2, not 0.20000000000000001; exact for human-written values
  e << YAML::BeginMap;
  std::string section;
  for (const auto& f : configSchema()) {
    const auto dot = f.key.find('.');
    const std::string sec = dot == std::string::npos ? std::string() : f.key.substr(0, dot);
    const std::string name = dot == std::string::npos ? f.key : f.key.substr(dot + 1);
    if (sec != section) {
      if (!section.empty()) e << YAML::EndMap;
      if (!sec.empty()) e << YAML::Key << sec << YAML::Value << YAML::BeginMap;
      section = sec;
    }
    e << YAML::Key << name << YAML::Value;
    f.write(e, config);
  }
  if (!section.empty()) e << YAML::EndMap;
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

}  // namespace comet
