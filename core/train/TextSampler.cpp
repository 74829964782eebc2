// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/TextSampler.h"

#include <torch/torch.h>

#include <random>

#include "core/data/TextCorpus.h"
#include "core/util/Error.h"

namespace comet {

TextSampler::TextSampler(std::string vocabulary, int64_t contextLength, const SampleConfig& config)
    : m_vocabulary(std::move(vocabulary)), m_context(contextLength), m_config(config) {
  m_prompt = config.prompt;
  if (m_prompt.empty()) m_prompt = m_vocabulary.find('\n') != std::string::npos ? "\n" : m_vocabulary.substr(0, 1);
  for (size_t i = 0; i < m_prompt.size(); ++i) {
    const auto at = m_vocabulary.find(m_prompt[i]);
    if (at == std::string::npos)
      throw ConfigError("sample.prompt: character " + std::to_string(i + 1) + " ('" +
                        characterName(static_cast<unsigned char>(m_prompt[i])) +
                        "') does not occur in the text, so the model has no id for it");
    m_promptIds.push_back(static_cast<int64_t>(at));
  }
}

std::string TextSampler::generate(NetworkImpl& net, uint64_t seed) const {
  torch::NoGradGuard noGrad;
  const bool wasTraining = net.is_training();
  net.eval();
  std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull + 0x5a11u);
  std::vector<int64_t> ids = m_promptIds;
  std::string out;
  for (int64_t i = 0; i < m_config.length; ++i) {
    const auto from = ids.size() > static_cast<size_t>(m_context) ? ids.size() - static_cast<size_t>(m_context) : 0;
    const auto window = torch::tensor(std::vector<int64_t>(ids.begin() + static_cast<long>(from), ids.end()), torch::kLong)
                            .to(torch::kFloat32)
                            .unsqueeze(0);
    const auto logits = net.forward(window, ForwardContext{}).select(1, window.size(1) - 1).squeeze(0).to(torch::kFloat64);
    int64_t next = 0;
    if (m_config.temperature <= 0) {
      next = logits.argmax().item<int64_t>();
    } else {
      const auto p = torch::softmax(logits / m_config.temperature, 0).contiguous();
      const double* prob = p.data_ptr<double>();
      double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng), sum = 0;
      next = p.size(0) - 1;
      for (int64_t c = 0; c < p.size(0); ++c) {
        sum += prob[c];
        if (u < sum) {
          next = c;
          break;
        }
      }
    }
    ids.push_back(next);
    out.push_back(m_vocabulary[static_cast<size_t>(next)]);
  }
  net.train(wasTraining);
  return out;
}

}  // namespace comet
