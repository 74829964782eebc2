// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/ConfigSchema.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "core/config/MethodNames.h"

namespace comet {
namespace {

using Cfg = ExperimentConfig;

std::string describe(const YAML::Node& n) {
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  if (n.IsNull()) return "nothing (null)";
  return "'" + n.Scalar() + "'";
}

bool parseDouble(const YAML::Node& n, double& out) {
  if (!n.IsScalar()) return false;
  const std::string& s = n.Scalar();
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end && *end == '\0' && std::isfinite(out);
}

bool parseInt(const YAML::Node& n, int64_t& out) {
  if (!n.IsScalar()) return false;
  const std::string& s = n.Scalar();
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (!end || *end != '\0' || errno == ERANGE) return false;
  out = v;
  return true;
}

std::string fmt(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

template <typename Get>
ConfigField real(std::string key, Get get, double lo, double hi, bool loOpen, bool hiOpen) {
  std::string allowed = "a number in " + std::string(loOpen ? "(" : "[") + fmt(lo) + ", " +
                        (std::isinf(hi) ? "inf)" : fmt(hi) + (hiOpen ? ")" : "]"));
  ConfigField f;
  f.key = key;
  f.allowed = allowed;
  f.kind = FieldKind::Real;
  f.min = lo;
  f.max = hi;
  f.minOpen = loOpen;
  f.maxOpen = hiOpen;
  f.read = [=](Cfg& c, const YAML::Node& n) -> std::string {
    double v = 0;
    if (!parseDouble(n, v)) return "expected " + allowed + ", got " + describe(n);
    const bool below = loOpen ? v <= lo : v < lo;
    const bool above = hiOpen ? v >= hi : v > hi;
    if (below || above) return fmt(v) + " is out of range: expected " + allowed;
    get(c) = v;
    return {};
  };
  f.write = [=](YAML::Emitter& e, const Cfg& c) { e << get(const_cast<Cfg&>(c)); };
  return f;
}

template <typename T, typename Get>
ConfigField integer(std::string key, Get get, int64_t lo, int64_t hi) {
  std::string allowed = "an integer in [" + std::to_string(lo) + ", " +
                        (hi == INT64_MAX ? std::string("inf)") : std::to_string(hi) + "]");
  ConfigField f;
  f.key = key;
  f.allowed = allowed;
  f.kind = FieldKind::Integer;
  f.min = static_cast<double>(lo);
  f.max = static_cast<double>(hi);
  f.read = [=](Cfg& c, const YAML::Node& n) -> std::string {
    int64_t v = 0;
    if (!parseInt(n, v)) return "expected " + allowed + ", got " + describe(n);
    if (v < lo || v > hi) return std::to_string(v) + " is out of range: expected " + allowed;
    get(c) = static_cast<T>(v);
    return {};
  };
  f.write = [=](YAML::Emitter& e, const Cfg& c) { e << static_cast<int64_t>(get(const_cast<Cfg&>(c))); };
  return f;
}

template <typename Get>
ConfigField text(std::string key, Get get, std::vector<std::string> choices) {
  std::string allowed;
  if (choices.empty()) {
    allowed = "a string";
  } else {
    allowed = "one of";
    for (const auto& ch : choices) allowed += " " + ch;
  }
  ConfigField f;
  f.key = key;
  f.allowed = allowed;
  f.kind = choices.empty() ? FieldKind::Text : FieldKind::Choice;
  f.choices = choices;
  f.read = [=](Cfg& c, const YAML::Node& n) -> std::string {
    if (!n.IsScalar()) return "expected " + allowed + ", got " + describe(n);
    const std::string& v = n.Scalar();
    if (!choices.empty() && std::find(choices.begin(), choices.end(), v) == choices.end())
      return "'" + v + "' is not allowed: expected " + allowed;
    get(c) = v;
    return {};
  };
  f.write = [=](YAML::Emitter& e, const Cfg& c) { e << get(const_cast<Cfg&>(c)); };
  return f;
}

template <typename Get>
ConfigField boolean(std::string key, Get get) {
  ConfigField f;
  f.key = key;
  f.allowed = "true or false";
  f.kind = FieldKind::Boolean;
  f.read = [=](Cfg& c, const YAML::Node& n) -> std::string {
    const std::string s = n.IsScalar() ? n.Scalar() : std::string();
    if (s == "true" || s == "yes" || s == "on") { get(c) = true; return {}; }
    if (s == "false" || s == "no" || s == "off") { get(c) = false; return {}; }
    return "expected true or false, got " + describe(n);
  };
  f.write = [=](YAML::Emitter& e, const Cfg& c) { e << get(const_cast<Cfg&>(c)); };
  return f;
}

// A list of numbers, or a single number meaning a list of one.
template <typename T, typename Get>
ConfigField list(std::string key, Get get, double lo, bool loOpen, size_t minSize) {
  const bool isInt = std::is_integral<T>::value;
  std::string allowed = std::string(isInt ? "an integer" : "a number") + (loOpen ? " > " : " >= ") +
                        fmt(lo) + ", or a list of them";
  ConfigField f;
  f.key = key;
  f.allowed = allowed;
  f.kind = isInt ? FieldKind::IntegerList : FieldKind::RealList;
  f.min = lo;
  f.minOpen = loOpen;
  f.read = [=](Cfg& c, const YAML::Node& n) -> std::string {
    std::vector<YAML::Node> items;
    if (n.IsSequence()) {
      for (const auto& it : n) items.push_back(it);
    } else if (!(n.IsNull() && minSize == 0)) {  // an optional list: nothing is an empty one
      items.push_back(n);
    }
    if (items.size() < minSize) return "expected " + allowed + ", got an empty list";
    std::vector<T> out;
    for (size_t i = 0; i < items.size(); ++i) {
      double v = 0;
      int64_t iv = 0;
      const bool ok = isInt ? parseInt(items[i], iv) : parseDouble(items[i], v);
      if (isInt) v = static_cast<double>(iv);
      if (!ok) return "item " + std::to_string(i) + ": expected " + allowed + ", got " + describe(items[i]);
      if (loOpen ? v <= lo : v < lo)
        return "item " + std::to_string(i) + ": " + fmt(v) + " is out of range: expected " + allowed;
      out.push_back(static_cast<T>(isInt ? static_cast<double>(iv) : v));
    }
    get(c) = out;
    return {};
  };
  f.write = [=](YAML::Emitter& e, const Cfg& c) {
    const auto& values = get(const_cast<Cfg&>(c));
    if (values.size() == 1) {
      e << values.front();
      return;
    }
    e << YAML::Flow << YAML::BeginSeq;
    for (const auto& v : get(const_cast<Cfg&>(c))) e << v;
    e << YAML::EndSeq;
  };
  return f;
}

// A list of names, a single name meaning a list of one; nothing (null) or [] is the
// empty list. With `choices`, each item must be one of them.
template <typename Get>
ConfigField textList(std::string key, Get get, std::vector<std::string> choices) {
  std::string allowed = "a list of names";
  if (!choices.empty()) {
    allowed = "a list of:";
    for (const auto& ch : choices) allowed += " " + ch;
  }
  ConfigField f;
  f.key = key;
  f.allowed = allowed;
  f.kind = FieldKind::TextList;
  f.choices = choices;
  f.read = [=](Cfg& c, const YAML::Node& n) -> std::string {
    std::vector<YAML::Node> items;
    if (n.IsSequence()) {
      for (const auto& it : n) items.push_back(it);
    } else if (!n.IsNull()) {
      items.push_back(n);
    }
    std::vector<std::string> out;
    for (size_t i = 0; i < items.size(); ++i) {
      if (!items[i].IsScalar() || items[i].Scalar().empty())
        return "item " + std::to_string(i) + ": expected " + (choices.empty() ? std::string("a name") : allowed) +
               ", got " + describe(items[i]);
      const std::string& v = items[i].Scalar();
      if (!choices.empty() && std::find(choices.begin(), choices.end(), v) == choices.end())
        return "item " + std::to_string(i) + ": '" + v + "' is not allowed: expected " + allowed;
      out.push_back(v);
    }
    get(c) = out;
    return {};
  };
  f.write = [=](YAML::Emitter& e, const Cfg& c) {
    e << YAML::Flow << YAML::BeginSeq;
    for (const auto& v : get(const_cast<Cfg&>(c))) e << v;
    e << YAML::EndSeq;
  };
  return f;
}

ConfigField folder(ConfigField f) {
  f.kind = FieldKind::Folder;
  return f;
}

// Label and help for forms and listings; `zeroMeans` for counts where 0 is special.
ConfigField described(ConfigField f, std::string label, std::string help, std::string zeroMeans = {}) {
  f.label = std::move(label);
  f.help = std::move(help);
  f.zeroMeans = std::move(zeroMeans);
  return f;
}

// Only for some backbones (ConfigField::backbones).
ConfigField only(std::vector<std::string> backbones, ConfigField f) {
  f.backbones = std::move(backbones);
  return f;
}

std::vector<ConfigField> buildSchema() {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<ConfigField> s;
  s.push_back(described(text("name", [](Cfg& c) -> std::string& { return c.name; }, {}),
                        "Name", "names the run directories"));
  s.push_back(described(integer<uint64_t>("seed", [](Cfg& c) -> uint64_t& { return c.seed; }, 0, INT64_MAX),
                        "Seed", "seeds the weights, the routing network, the split and the batch order"));

  s.push_back(described(text("data.dataset", [](Cfg& c) -> std::string& { return c.data.dataset; },
                   {"fashion_mnist", "mnist", "idx", "multi_fashion_mnist", "cifar10", "cifar100", "csv", "text"}),
                        "Dataset", "the dataset format"));
  s.push_back(described(folder(text("data.root", [](Cfg& c) -> std::string& { return c.data.root; }, {})),
                        "Data root", "IDX and CIFAR: the folder of the files; csv: the file; text: a text file or a folder of them"));
  s.push_back(described(real("data.val_fraction", [](Cfg& c) -> double& { return c.data.valFraction; }, 0, 1, false, true),
                        "Validation fraction", "seeded share of the training set held out for validation"));
  s.push_back(described(integer<int64_t>("data.train_subset", [](Cfg& c) -> int64_t& { return c.data.trainSubset; }, 0, INT64_MAX),
                        "Training subset", "use only this many training examples", "all"));
  s.push_back(described(integer<int64_t>("data.test_subset", [](Cfg& c) -> int64_t& { return c.data.testSubset; }, 0, INT64_MAX),
                        "Test subset", "use only the first N test examples", "all"));
  s.push_back(described(list<double>("data.mean", [](Cfg& c) -> std::vector<double>& { return c.data.mean; }, -inf, false, 1),
                        "Mean", "normalisation mean: one value, or one per channel (pixels scaled to [0, 1] first)"));
  s.push_back(described(list<double>("data.std", [](Cfg& c) -> std::vector<double>& { return c.data.std; }, 0, true, 1),
                        "Std", "normalisation standard deviation: one value, or one per channel"));
  s.push_back(described(text("data.csv_target", [](Cfg& c) -> std::string& { return c.data.csvTarget; }, {}),
                        "CSV target", "csv: the target column (empty: the last column)"));
  s.push_back(described(real("data.test_fraction", [](Cfg& c) -> double& { return c.data.testFraction; }, 0, 1, true, true),
                        "Test fraction", "csv: seeded share of rows held out for test; text: share of the text blocks"));
  s.push_back(only({"gpt"}, described(integer<int64_t>("data.text_block", [](Cfg& c) -> int64_t& { return c.data.textBlock; }, 2, INT64_MAX),
                        "Text block", "text: characters per contiguous block of the seeded train/validation/test split")));
  using Names = std::vector<std::string>;
  s.push_back(described(textList("data.csv_targets", [](Cfg& c) -> Names& { return c.data.csvTargets; }, {}),
                        "CSV targets", "csv: target columns, one task each (multi-task; replaces the CSV target)"));
  s.push_back(described(textList("data.csv_tasks", [](Cfg& c) -> Names& { return c.data.csvTasks; },
                                  {"classification", "regression"}),
                        "CSV tasks", "csv: classification or regression per target column (empty: all regression)"));
  s.push_back(described(textList("data.csv_categorical", [](Cfg& c) -> Names& { return c.data.csvCategorical; }, {}),
                        "CSV categorical", "csv: feature columns one-hot encoded (vocabulary from the training rows)"));
  s.push_back(described(textList("data.csv_ignore", [](Cfg& c) -> Names& { return c.data.csvIgnore; }, {}),
                        "CSV ignored", "csv: columns dropped (a timestamp, an id)"));

  s.push_back(described(text("model.backbone", [](Cfg& c) -> std::string& { return c.model.backbone; }, {"mlp", "moe", "vit", "mixer", "gpt"}),
                        "Backbone", "mlp: one network of model.method; moe: a mixture of experts with one trainable gate per "
                        "task; vit, mixer: a vision transformer or MLP-Mixer on image patches, COMET in each block's MLP; gpt: "
                        "a character-level language model on text data, COMET in each block's MLP"));
  s.push_back(only({"mlp", "vit", "mixer", "gpt"}, described(text("model.method", [](Cfg& c) -> std::string& { return c.model.method; }, methodNames()),
                        "Method", "the routing or sparsity method (comet methods lists them)")));
  s.push_back(only({"mlp", "moe"}, described(list<int64_t>("model.width", [](Cfg& c) -> std::vector<int64_t>& { return c.model.widths; }, 0, true, 1),
                        "Widths", "one width for every hidden layer, or one per layer: 1000, 500, 250")));
  s.push_back(only({"mlp", "moe"}, described(integer<int64_t>("model.hidden_layers", [](Cfg& c) -> int64_t& { return c.model.hiddenLayers; }, 1, 64),
                        "Hidden layers", "hidden layers when the width is a single number")));
  s.push_back(only({"mlp", "vit", "mixer", "gpt"}, described(real("model.pk", [](Cfg& c) -> double& { return c.model.pk; }, 0, 1, true, false),
                        "p_k", "C_k keeps k = max(1, floor(p_k N)) neurons of each hidden layer")));
  s.push_back(described(text("model.activation", [](Cfg& c) -> std::string& { return c.model.activation; },
                   {"softplus", "relu", "gelu", "tanh", "leaky_relu", "silu", "elu"}),
                        "Activation", "the nonlinearity of the hidden layers"));
  s.push_back(only({"mlp"}, described(text("model.norm", [](Cfg& c) -> std::string& { return c.model.norm; }, {"none", "batch", "layer"}),
                        "Norm", "normalisation after each masked hidden layer")));
  s.push_back(only({"mlp"}, described(real("model.l1_lambda", [](Cfg& c) -> double& { return c.model.l1Lambda; }, 0, inf, false, true),
                        "L1 lambda", "l1 only: the penalty l1_lambda * sum |W| over the weights")));
  s.push_back(only({"mlp"}, described(real("model.memorization_rate", [](Cfg& c) -> double& { return c.model.memorizationRate; }, 0, 1, false, false),
                        "Memorization rate", "example_tied_dropout only: chance a memorisation neuron is on for a training example")));

  s.push_back(only({"mlp"}, described(text("model.execution", [](Cfg& c) -> std::string& { return c.model.execution; },
                   {"auto", "dense", "sparse"}),
                        "Execution", "dense: masks multiply dense products; sparse: only the active neurons' weights "
                        "(COMET with plain SGD, the same steps); auto: sparse where eligible and measured faster")));

  s.push_back(only({"moe"}, described(text("model.gate", [](Cfg& c) -> std::string& { return c.model.gate; },
                   {"softmax", "topk", "dselect_k", "comet_tree", "hash"}),
                        "Gate", "moe: how each task's gate weighs the experts (docs/gates.md)")));
  s.push_back(only({"moe"}, described(integer<int64_t>("model.experts", [](Cfg& c) -> int64_t& { return c.model.experts; }, 1, 1024),
                        "Experts", "moe: n, the experts (each an MLP of model.width)")));
  s.push_back(only({"moe"}, described(integer<int64_t>("model.gate_k", [](Cfg& c) -> int64_t& { return c.model.gateK; }, 1, 1024),
                        "Gate k", "moe: experts an example may use (hash always uses 1)")));
  s.push_back(only({"moe"}, described(real("model.gate_gamma", [](Cfg& c) -> double& { return c.model.gateGamma; }, 0, inf, true, true),
                        "Smooth-step gamma", "moe: width of the smooth-step (comet_tree, dselect_k)")));
  s.push_back(only({"moe"}, described(real("model.gate_entropy", [](Cfg& c) -> double& { return c.model.gateEntropy; }, 0, inf, false, true),
                        "Entropy weight", "moe: weight of the entropy regulariser that drives smooth-steps to 0 or 1")));
  s.push_back(only({"moe"}, described(boolean("model.gate_noise", [](Cfg& c) -> bool& { return c.model.gateNoise; }),
                        "Gate noise", "moe, topk: noisy top-k while training")));
  s.push_back(only({"moe"}, described(real("model.gate_lr", [](Cfg& c) -> double& { return c.model.gateLr; }, 0, 10, false, false),
                        "Gate learning rate", "moe: the gates' own learning rate", "train.lr")));
  s.push_back(only({"moe"}, described(boolean("model.local_search", [](Cfg& c) -> bool& { return c.model.localSearch; }),
                        "Local search", "moe: learn a permutation of each gate's output (Sinkhorn, then Hungarian)")));
  s.push_back(only({"moe"}, described(real("model.local_search_epochs", [](Cfg& c) -> double& { return c.model.localSearchEpochs; }, 0, 100000, false, true),
                        "Local search epochs", "moe: epochs of the Sinkhorn phase before the permutation is fixed")));

  s.push_back(only({"vit", "mixer", "gpt"}, described(integer<int64_t>("model.embed_dim", [](Cfg& c) -> int64_t& { return c.model.embedDim; }, 1, 65536),
                        "Embed dim", "vit, mixer, gpt: the width of every token")));
  s.push_back(only({"vit", "mixer", "gpt"}, described(integer<int64_t>("model.depth", [](Cfg& c) -> int64_t& { return c.model.depth; }, 1, 256),
                        "Depth", "vit, mixer, gpt: blocks")));
  s.push_back(only({"vit", "gpt"}, described(integer<int64_t>("model.heads", [](Cfg& c) -> int64_t& { return c.model.heads; }, 1, 1024),
                        "Heads", "vit, gpt: attention heads (they divide model.embed_dim)")));
  s.push_back(only({"vit", "gpt"}, described(real("model.mlp_ratio", [](Cfg& c) -> double& { return c.model.mlpRatio; }, 0, 64, true, false),
                        "MLP ratio", "vit, gpt: each block's MLP hidden layer is mlp_ratio x embed_dim neurons (COMET masks it)")));
  s.push_back(only({"vit", "mixer"}, described(integer<int64_t>("model.patch_size", [](Cfg& c) -> int64_t& { return c.model.patchSize; }, 1, 4096),
                        "Patch size", "vit, mixer: square patches; it divides the image height and width")));
  s.push_back(only({"mixer"}, described(integer<int64_t>("model.token_mlp_dim", [](Cfg& c) -> int64_t& { return c.model.tokenMlpDim; }, 1, 65536),
                        "Token MLP dim", "mixer: hidden width of the token-mixing MLPs")));
  s.push_back(only({"mixer"}, described(integer<int64_t>("model.channel_mlp_dim", [](Cfg& c) -> int64_t& { return c.model.channelMlpDim; }, 1, 65536),
                        "Channel MLP dim", "mixer: hidden width of the channel-mixing MLPs")));
  s.push_back(only({"mixer"}, described(text("model.mixer_masked", [](Cfg& c) -> std::string& { return c.model.mixerMasked; },
                   {"both", "token", "channel"}),
                        "Masked MLPs", "mixer: which of each block's MLPs model.method masks (the other stays standard)")));
  s.push_back(only({"vit", "mixer", "gpt"}, described(real("model.residual_dropout", [](Cfg& c) -> double& { return c.model.residualDropout; }, 0, 1, false, true),
                        "Residual dropout", "vit, mixer, gpt: dropout on each block's attention and MLP outputs while training")));
  s.push_back(only({"gpt"}, described(integer<int64_t>("model.context_length", [](Cfg& c) -> int64_t& { return c.model.contextLength; }, 1, 65536),
                        "Context length", "gpt: characters each prediction sees; also the length of the training windows")));

  s.push_back(described(text("train.optimizer", [](Cfg& c) -> std::string& { return c.train.optimizer; },
                   {"sgd", "sgd_momentum", "adam", "adamw"}),
                        "Optimizer", "the optimiser"));
  s.push_back(described(real("train.lr", [](Cfg& c) -> double& { return c.train.lr; }, 0, 10, true, false),
                        "Learning rate", "the step size of the optimiser"));
  s.push_back(described(text("train.lr_schedule", [](Cfg& c) -> std::string& { return c.train.lrSchedule; }, {"constant", "cosine"}),
                        "LR schedule", "constant, or cosine decay to train.final_lr_fraction x lr at the last step (after any warm-up)"));
  s.push_back(described(integer<int64_t>("train.warmup_steps", [](Cfg& c) -> int64_t& { return c.train.warmupSteps; }, 0, INT64_MAX),
                        "Warm-up steps", "the learning rate rises linearly to train.lr over the first N steps", "none"));
  s.push_back(described(real("train.final_lr_fraction", [](Cfg& c) -> double& { return c.train.finalLrFraction; }, 0, 1, false, false),
                        "Final LR fraction", "cosine: the learning rate at the last step, as a fraction of train.lr"));
  s.push_back(described(real("train.momentum", [](Cfg& c) -> double& { return c.train.momentum; }, 0, 1, false, true),
                        "Momentum", "sgd_momentum only"));
  s.push_back(described(real("train.weight_decay", [](Cfg& c) -> double& { return c.train.weightDecay; }, 0, 1, false, false),
                        "Weight decay", "L2 weight decay (AdamW: decoupled)"));
  s.push_back(described(text("train.grad_clip", [](Cfg& c) -> std::string& { return c.train.gradClip; }, {"none", "norm", "value"}),
                        "Gradient clipping", "clip gradients by norm or by value"));
  s.push_back(described(real("train.grad_clip_value", [](Cfg& c) -> double& { return c.train.gradClipValue; }, 0, inf, true, true),
                        "Clip limit", "the norm or value limit of gradient clipping"));
  s.push_back(described(integer<int64_t>("train.batch_size", [](Cfg& c) -> int64_t& { return c.train.batchSize; }, 1, 1 << 20),
                        "Batch size", "training batch size (not larger than the training split)"));
  s.push_back(described(integer<int64_t>("train.eval_batch_size", [](Cfg& c) -> int64_t& { return c.train.evalBatchSize; }, 1, 1 << 20),
                        "Eval batch size", "batch size of validation and test passes"));
  s.push_back(described(integer<int64_t>("train.epochs", [](Cfg& c) -> int64_t& { return c.train.epochs; }, 1, 100000),
                        "Epochs", "passes over the training split"));
  s.push_back(described(integer<int>("train.threads", [](Cfg& c) -> int& { return c.train.threads; }, 0, 1024),
                        "Threads", "torch threads", "auto"));
  s.push_back(described(integer<int64_t>("train.checkpoint_every_epochs",
                               [](Cfg& c) -> int64_t& { return c.train.checkpointEveryEpochs; }, 0, 100000),
                        "Checkpoint every (epochs)", "write checkpoint.pt after every N epochs (always on stop and at the end)", "end only"));
  s.push_back(described(integer<int64_t>("train.checkpoint_every_steps",
                               [](Cfg& c) -> int64_t& { return c.train.checkpointEverySteps; }, 0, INT64_MAX),
                        "Checkpoint every (steps)", "also write checkpoint.pt after every N training steps", "off"));
  s.push_back(described(list<double>("train.task_weights", [](Cfg& c) -> std::vector<double>& { return c.train.taskWeights; }, 0, false, 0),
                        "Task weights", "multi-task data: the loss is sum_t w_t loss_t (empty: every w_t = 1)"));

  s.push_back(described(boolean("probe.enabled", [](Cfg& c) -> bool& { return c.probe.enabled; }),
                        "Probe masks", "record the masks of probe examples at the end of the run"));
  s.push_back(described(integer<int64_t>("probe.examples", [](Cfg& c) -> int64_t& { return c.probe.examples; }, 2, 100000),
                        "Probe examples", "validation examples whose masks are recorded"));
  s.push_back(only({"mlp"}, described(integer<int64_t>("probe.pair_examples", [](Cfg& c) -> int64_t& { return c.probe.pairExamples; }, 2, 5000),
                        "Pair examples", "examples in the example x example overlap matrix")));
  s.push_back(described(boolean("probe.every_epoch", [](Cfg& c) -> bool& { return c.probe.everyEpoch; }),
                        "Probe every epoch", "also probe after every epoch (the workbench turns this on)"));
  s.push_back(only({"mlp"}, described(integer<int64_t>("probe.similarity_bins", [](Cfg& c) -> int64_t& { return c.probe.similarityBins; }, 1, 1000),
                        "Similarity bins", "bins of input cosine similarity")));

  s.push_back(only({"gpt"}, described(boolean("sample.enabled", [](Cfg& c) -> bool& { return c.sample.enabled; }),
                        "Sample text", "language models: generate a text sample after every epoch (samples/ in the run directory)")));
  s.push_back(only({"gpt"}, described(integer<int64_t>("sample.length", [](Cfg& c) -> int64_t& { return c.sample.length; }, 1, 100000),
                        "Sample length", "characters generated after the prompt")));
  s.push_back(only({"gpt"}, described(real("sample.temperature", [](Cfg& c) -> double& { return c.sample.temperature; }, 0, 100, false, false),
                        "Temperature", "softmax temperature of the sampling (0: always the likeliest character)")));
  s.push_back(only({"gpt"}, described(text("sample.prompt", [](Cfg& c) -> std::string& { return c.sample.prompt; }, {}),
                        "Prompt", "the text the sample continues (empty: a fresh line); its characters must occur in the corpus")));

  // Continual learning (docs/continual.md); the MLP, ViT and MLP-Mixer train task sequences.
  const std::vector<std::string> cl = {"mlp", "vit", "mixer"};
  s.push_back(only(cl, described(text("continual.sequence", [](Cfg& c) -> std::string& { return c.continual.sequence; },
                                      {"none", "split", "permuted"}),
                                 "Task sequence", "none: one task; split: the classes divided into tasks; permuted: a fixed pixel permutation per task")));
  s.push_back(only(cl, described(text("continual.scenario", [](Cfg& c) -> std::string& { return c.continual.scenario; },
                                      {"auto", "task", "class", "domain"}),
                                 "Scenario", "task: a head per task, the task known at test; class: one head over every class; domain: one head, the same classes (auto: split task, permuted domain)")));
  s.push_back(only(cl, described(integer<int64_t>("continual.tasks", [](Cfg& c) -> int64_t& { return c.continual.tasks; }, 1, 1000),
                                 "Tasks", "tasks in the sequence")));
  s.push_back(only(cl, described(list<int64_t>("continual.class_order", [](Cfg& c) -> std::vector<int64_t>& { return c.continual.classOrder; }, 0, false, 0),
                                 "Class order", "split: every class once, consecutive classes form a task (empty: a shuffle seeded by seed)")));
  s.push_back(only(cl, described(boolean("continual.first_unpermuted", [](Cfg& c) -> bool& { return c.continual.firstUnpermuted; }),
                                 "First task unpermuted", "permuted: the first task sees the inputs as they are")));
  s.push_back(only(cl, described(list<int64_t>("continual.epochs_per_task", [](Cfg& c) -> std::vector<int64_t>& { return c.continual.epochsPerTask; }, 0, true, 0),
                                 "Epochs per task", "one value for every task, or one per task (empty: train.epochs each)")));
  s.push_back(only(cl, described(text("continual.strategy", [](Cfg& c) -> std::string& { return c.continual.strategy; },
                                      {"none", "ewc", "replay", "joint"}),
                                 "Strategy", "none: fine-tuning; ewc: online EWC; replay: a reservoir buffer mixed into every batch; joint: every task at once (the upper bound)")));
  s.push_back(only(cl, described(real("continual.ewc_lambda", [](Cfg& c) -> double& { return c.continual.ewcLambda; }, 0, inf, false, true),
                                 "EWC lambda", "ewc: weight of the penalty lambda/2 sum F (theta - theta*)^2")));
  s.push_back(only(cl, described(real("continual.ewc_gamma", [](Cfg& c) -> double& { return c.continual.ewcGamma; }, 0, 1, false, false),
                                 "EWC gamma", "ewc (online): each earlier task's Fisher is multiplied by gamma when a task ends")));
  s.push_back(only(cl, described(integer<int64_t>("continual.ewc_samples", [](Cfg& c) -> int64_t& { return c.continual.ewcSamples; }, 0, INT64_MAX),
                                 "EWC samples", "ewc: training examples of a task its Fisher is estimated on", "all")));
  s.push_back(only(cl, described(integer<int64_t>("continual.replay_buffer", [](Cfg& c) -> int64_t& { return c.continual.replayBuffer; }, 0, INT64_MAX),
                                 "Replay buffer", "replay: examples kept from the tasks seen (reservoir sampling)")));
  s.push_back(only(cl, described(integer<int64_t>("continual.replay_batch", [](Cfg& c) -> int64_t& { return c.continual.replayBatch; }, 0, INT64_MAX),
                                 "Replay batch", "replay: buffer examples added to every batch", "train.batch_size")));
  return s;
}

}  // namespace

const std::vector<ConfigField>& configSchema() {
  static const std::vector<ConfigField> schema = [] {
    auto fields = buildSchema();
    for (auto& f : fields)
      if (f.key == "model.method")
        for (const auto& m : f.choices) f.choiceHelp.push_back(methodDescription(m));
    return fields;
  }();
  return schema;
}

const ConfigField* configField(const std::string& key) {
  for (const auto& f : configSchema())
    if (f.key == key) return &f;
  return nullptr;
}

std::string fieldText(const ConfigField& field, const ExperimentConfig& config) {
  YAML::Emitter e;
  e.SetDoublePrecision(15);  // as toYaml: 0.2, not 0.20000000000000001
  e << YAML::Flow;
  field.write(e, config);
  const YAML::Node n = YAML::Load(e.c_str());
  if (!n.IsSequence()) return n.IsScalar() ? n.Scalar() : std::string();
  std::string out;
  for (const auto& item : n) out += (out.empty() ? "" : ", ") + item.Scalar();
  return out;
}

bool appliesToBackbone(const ConfigField& field, const std::string& backbone) {
  return field.backbones.empty() || std::find(field.backbones.begin(), field.backbones.end(), backbone) != field.backbones.end();
}

bool isConfigSection(const std::string& key) {
  return key == "data" || key == "model" || key == "train" || key == "probe" || key == "sample" ||
         key == "continual";
}

}  // namespace comet
