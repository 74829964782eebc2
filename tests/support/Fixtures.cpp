// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/Fixtures.h"

#include <torch/torch.h>

#include <cmath>

#include "core/model/MethodRegistry.h"

namespace comet::testing {

std::shared_ptr<DataSplits> dataWithNaN() {
  auto data = std::make_shared<DataSplits>();
  data->numClasses = 2;
  data->train = {torch::randn({64, 4}), torch::randint(0, 2, {64}, torch::kLong)};
  data->train.x[40][1] = NAN;
  data->val = {torch::randn({8, 4}), torch::randint(0, 2, {8}, torch::kLong)};
  data->test = data->val;
  return data;
}

ExperimentConfig divergingConfig() {
  ExperimentConfig c;
  c.model.method = "standard";
  c.model.widths = {8};
  c.train.batchSize = 8;
  return c;
}

ModelConfig smallTransformer(const std::string& backbone, const std::string& method, double pk) {
  ModelConfig m;
  m.backbone = backbone;
  m.method = method;
  m.pk = pk;
  m.embedDim = 16;
  m.depth = 2;
  m.heads = 2;
  m.mlpRatio = 2;
  m.activation = "gelu";
  return m;
}

Network buildClassifier(const ModelConfig& model, const std::vector<int64_t>& inputShape, int64_t classes,
                        uint64_t seed) {
  TaskSpec t;
  t.numClasses = classes;
  return createNetwork(model, inputShape, {t}, seed);
}

}  // namespace comet::testing
