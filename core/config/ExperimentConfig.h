// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace comet {

// Everything that describes one experiment. A plain value type: the CLI, the GUI
// and the sweeps all read and write it through ConfigLoader (loadFile, toYaml),
// whose ConfigSchema owns the YAML key names (see docs/config.md).
struct DataConfig {
  std::string dataset = "fashion_mnist";  // fashion_mnist, mnist, idx, multi_fashion_mnist, cifar10, cifar100, csv, text
  std::string root = "/usr/share/datasets/fashion-mnist";
  double valFraction = 0.2;              // seeded split of the training set
  int64_t trainSubset = 0;               // 0: all training examples
  int64_t testSubset = 0;                // 0: all test examples
  std::vector<double> mean = {0.5};      // per channel, after scaling pixels to [0, 1]
  std::vector<double> std = {0.5};
  // CSV tables (regression with MSE).
  std::string csvTarget;                 // target column name; empty: the last column
  double testFraction = 0.2;             // CSV only: held-out test rows
  // Multi-task CSV tables (docs/config.md, "Multi-task data"): one task per column
  // of csvTargets; a non-empty list replaces csvTarget.
  std::vector<std::string> csvTargets;
  std::vector<std::string> csvTasks;        // classification or regression per target; empty: all regression
  std::vector<std::string> csvCategorical;  // feature columns one-hot encoded
  std::vector<std::string> csvIgnore;       // columns dropped (a timestamp)
  // Text (character-level language modelling, core/data/TextCorpus.h): the corpus
  // is cut into contiguous blocks of this many characters; a seeded test_fraction
  // of them is the test split, val_fraction of the rest validation.
  int64_t textBlock = 4096;
};

// What is wrong with the combination of the data.csv_* keys, naming the key; empty
// when nothing is. The loader checks it, and so does loadData for configs built in
// code.
std::string csvKeysProblem(const DataConfig& data);

struct ModelConfig {
  std::string backbone = "mlp";
  std::string method = "comet";          // see MethodRegistry
  std::vector<int64_t> widths = {1000};  // one width for every hidden layer, or one per layer
  int64_t hiddenLayers = 3;              // used when `widths` holds a single width
  double pk = 0.5;                       // fraction of each hidden layer kept by C_k
  std::string activation = "softplus";   // softplus relu gelu tanh leaky_relu silu elu
  std::string norm = "none";             // none batch layer
  double l1Lambda = 1e-5;                // l1: coefficient of the L1 penalty on the weights
  double memorizationRate = 0.2;         // example_tied_dropout: keep rate of the non-generalisation neurons
  std::string execution = "auto";        // dense sparse auto (core/config/Execution.h)
  // backbone moe (Ibrahim et al., KDD 2023): n experts, each an MLP of `widths`,
  // one trainable gate per task choosing k of them (docs/gates.md).
  std::string gate = "comet_tree";       // softmax topk dselect_k comet_tree hash
  int64_t experts = 6;                   // n
  int64_t gateK = 2;                     // k
  double gateGamma = 1.0;                // smooth-step width
  double gateEntropy = 0.0;              // weight of the entropy regulariser (comet_tree, dselect_k)
  bool gateNoise = false;                // topk: noisy top-k while training
  double gateLr = 0.0;                   // the gates' own learning rate (0: train.lr)
  bool localSearch = false;              // permutation local search
  double localSearchEpochs = 1.0;        // epochs of its Sinkhorn phase
  // backbones vit and mixer (images as patches; docs/transformers.md): each
  // block's MLP hidden layer masked per token by `method` (standard comet topk
  // dropout smaller), attention and the residual stream dense.
  int64_t embedDim = 64;                 // token width
  int64_t depth = 4;                     // blocks
  int64_t heads = 4;                     // vit: attention heads (divide embed_dim)
  double mlpRatio = 2.0;                 // vit: block MLP hidden = mlp_ratio * embed_dim
  int64_t patchSize = 7;                 // vit, mixer: square patches (divide the image)
  int64_t tokenMlpDim = 64;              // mixer: hidden width of the token-mixing MLP
  int64_t channelMlpDim = 128;           // mixer: hidden width of the channel-mixing MLP
  std::string mixerMasked = "both";      // mixer: which MLPs the method masks: token channel both
  double residualDropout = 0.0;          // vit, mixer, gpt: dropout on each block's branch outputs
  // backbone gpt (character-level language model on data.dataset text): causal
  // attention, block MLPs as in the ViT (embed_dim, depth, heads, mlp_ratio).
  int64_t contextLength = 128;           // characters a prediction sees (and training windows' length)
};

// Whether `backbone` is one of the transformer backbones (vit, mixer, gpt).
bool isTransformer(const std::string& backbone);
// The block MLPs of one transformer block that model.method masks, with their
// hidden widths: vit and gpt {"MLP", mlp_ratio * embed_dim}; mixer {"token MLP",
// token_mlp_dim} and/or {"channel MLP", channel_mlp_dim} by mixer_masked. Empty
// for other backbones.
struct BlockMlpWidth {
  std::string name;
  int64_t width = 0;
};
std::vector<BlockMlpWidth> blockMlpWidths(const ModelConfig& model);
// The widths a run reports (summary.json, the run header) and k per layer comes
// from: a transformer's masked block MLPs in block order (blockMlpWidths, depth
// times), otherwise hiddenWidths.
std::vector<int64_t> reportedWidths(const ModelConfig& model);
// Experts per example of a mixture's gate: model.gate_k, or 1 for hash routing.
int64_t gateK(const ModelConfig& model);

// The width of every hidden layer: `widths` as given, or its single entry repeated.
std::vector<int64_t> hiddenWidths(const ModelConfig& model);
// Whether the data has several tasks (multi_fashion_mnist, a CSV with csv_targets).
bool isMultiTask(const DataConfig& data);
// Whether the data is text for language modelling (data.dataset text).
bool isLanguageModel(const DataConfig& data);
// What is wrong with data.text_block for windows of `context` characters (it
// must hold context + 1); empty when nothing is. The loader checks
// it, and so does the text loader for configs built in code.
std::string textBlockProblem(const DataConfig& data, int64_t context);

struct TrainConfig {
  std::string optimizer = "adam";        // sgd sgd_momentum adam adamw
  double lr = 1e-3;
  std::string lrSchedule = "constant";   // constant cosine (core/train/LrSchedule.h)
  int64_t warmupSteps = 0;               // linear warm-up from lr / warmup_steps
  double finalLrFraction = 0.1;          // cosine: the last step's rate as a fraction of lr
  double momentum = 0.9;                 // sgd_momentum only
  double weightDecay = 0.0;
  std::string gradClip = "none";         // none norm value
  double gradClipValue = 1.0;
  int64_t batchSize = 32;
  int64_t evalBatchSize = 1000;
  int64_t epochs = 5;
  int threads = 0;                       // 0: the measured default (see docs/performance.md)
  int64_t checkpointEveryEpochs = 1;      // checkpoint.pt after every N epochs (0: only on stop and at the end)
  int64_t checkpointEverySteps = 0;      // also after every N steps (0: off)
  std::vector<double> taskWeights;       // multi-task data: loss weight per task (empty: all 1)
};
// Whether train.lr changes during the run (train.lr_schedule cosine or a
// warm-up); the factors are core/train/LrSchedule.h's.
bool hasLrSchedule(const TrainConfig& train);


struct ProbeConfig {
  bool enabled = true;
  int64_t examples = 1000;               // validation examples whose masks are recorded
  int64_t pairExamples = 200;            // examples in the example x example overlap matrix
  int64_t similarityBins = 10;
  bool everyEpoch = false;               // also probe after every epoch (the GUI turns this on)
};

// Language models: a text sample generated after every epoch (samples/ in the run
// directory), from the prompt, seeded by the run's seed and the epoch.
struct SampleConfig {
  bool enabled = true;
  int64_t length = 300;        // characters generated after the prompt
  double temperature = 0.8;    // softmax temperature (0: always the likeliest character)
  std::string prompt;          // empty: start after a newline
};

// Continual learning (docs/continual.md): the data as a sequence of tasks trained
// one after another, each evaluated after every epoch on every task's test split.
struct ContinualConfig {
  std::string sequence = "none";     // none split permuted
  std::string scenario = "auto";     // auto task class domain (auto: split -> task, permuted -> domain)
  int64_t tasks = 5;
  std::vector<int64_t> classOrder;   // split: every class once, in task order (empty: a seeded shuffle)
  bool firstUnpermuted = true;       // permuted: the first task sees the inputs as they are
  std::vector<int64_t> epochsPerTask;  // one for every task, or one per task (empty: train.epochs each)
  std::string strategy = "none";     // none ewc replay joint
  double ewcLambda = 100.0;          // ewc: weight of the penalty lambda/2 sum_i F_i (theta_i - theta*_i)^2
  double ewcGamma = 1.0;             // ewc (online): the earlier tasks' Fisher decays by gamma per task
  int64_t ewcSamples = 500;          // ewc: training examples of a task its Fisher is estimated on (0: all)
  int64_t replayBuffer = 500;        // replay: examples kept (reservoir sampling over every task seen)
  int64_t replayBatch = 0;           // replay: buffer examples added to each batch (0: train.batch_size)
};
// Whether the run is a task sequence (continual.sequence is not none).
bool isContinual(const ContinualConfig& continual);
// continual.scenario with auto resolved: "task" (split), "domain" (permuted), or as given.
std::string continualScenario(const ContinualConfig& continual);
// The epochs of each of the continual.tasks tasks: continual.epochs_per_task (one
// value repeated, or one per task), or train.epochs each when it is empty.
std::vector<int64_t> taskEpochs(const ContinualConfig& continual, int64_t trainEpochs);

struct ExperimentConfig {
  std::string name = "experiment";
  uint64_t seed = 0;
  DataConfig data;
  ModelConfig model;
  TrainConfig train;
  ProbeConfig probe;
  SampleConfig sample;
  ContinualConfig continual;
};

// The epochs a run trains: train.epochs, or a task sequence's epochs over every task
// (strategy joint: its longest task's, every task at once).
int64_t totalEpochs(const ExperimentConfig& config);

}  // namespace comet
