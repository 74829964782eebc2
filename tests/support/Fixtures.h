// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/data/Dataset.h"
#include "core/model/Network.h"

// Set-ups more than one suite builds: small models and data sets made in memory.
namespace comet::testing {

// Two classes of 4 random features (torch's generator as the caller left it): 64
// training rows of which row 40 holds a NaN, 8 validation rows that are also the
// test split. With divergingConfig() the run diverges once the batch holding row
// 40 trains: the second batch of the seeded order or later.
std::shared_ptr<DataSplits> dataWithNaN();
// A standard MLP of width 8 trained in batches of 8, the other settings default.
ExperimentConfig divergingConfig();

// The transformer suites' small blocks: embedding 16, depth 2, 2 heads, MLP ratio
// 2, GELU; the caller adds what its backbone needs (context length, patches).
ModelConfig smallTransformer(const std::string& backbone, const std::string& method, double pk);
// `model` for one classification task of `classes` classes on inputs of `inputShape`.
Network buildClassifier(const ModelConfig& model, const std::vector<int64_t>& inputShape, int64_t classes,
                        uint64_t seed);

}  // namespace comet::testing
