// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/config/ExperimentConfig.h"
#include "core/model/Network.h"

namespace comet {

// Generates text from a language model (backbone gpt), one character at a time:
// the last model.context_length characters go in, the next character is drawn
// from softmax(logits / temperature) at the last position (temperature 0: the
// likeliest character), with std::mt19937_64 seeded by `seed`, so the same model,
// prompt and seed give the same text. Runs in evaluation mode without gradient and
// leaves the network's mode as it was.
class TextSampler {
 public:
  // `vocabulary`: the character of each class id (DataSplits::vocabulary).
  // ConfigError naming sample.prompt when the prompt holds a character that is not
  // in the vocabulary.
  TextSampler(std::string vocabulary, int64_t contextLength, const SampleConfig& config);

  // The prompt's continuation: sample.length characters (without the prompt).
  std::string generate(NetworkImpl& net, uint64_t seed) const;
  const std::string& prompt() const { return m_prompt; }

 private:
  std::string m_vocabulary;
  int64_t m_context;
  SampleConfig m_config;
  std::string m_prompt;             // sample.prompt, or a newline when it is empty
  std::vector<int64_t> m_promptIds;
};

}  // namespace comet
