// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/TrainStream.h"

#include <torch/torch.h>

#include "core/data/DataLoader.h"

namespace comet {
namespace {

class WholeSplitStream : public TrainStream {
 public:
  WholeSplitStream(std::shared_ptr<const DataSplits> data, int64_t epochs, uint64_t seed)
      : m_data(std::move(data)), m_epochs(epochs), m_seed(seed) {}
  int64_t epochs() const override { return m_epochs; }
  int64_t examples(int64_t) const override { return m_data->train.size(); }
  torch::Tensor order(int64_t epoch) const override {
    // A fresh seeded order per epoch: the same for every method with the same seed.
    return torch::tensor(seededPermutation(m_data->train.size(), m_seed * 1000003ull + static_cast<uint64_t>(epoch)),
                         torch::kLong);
  }
  Batch batch(int64_t, const torch::Tensor& ids, int64_t) override {
    return {m_data->train.x.index_select(0, ids), m_data->train.y.index_select(0, ids), ids};
  }
  const Dataset& validation(int64_t) const override { return m_data->val; }
  torch::Tensor prepareInputs() const override { return m_data->train.x; }

 private:
  std::shared_ptr<const DataSplits> m_data;
  int64_t m_epochs;
  uint64_t m_seed;
};

}  // namespace

std::shared_ptr<TrainStream> wholeSplitStream(std::shared_ptr<const DataSplits> data, int64_t epochs, uint64_t seed) {
  return std::make_shared<WholeSplitStream>(std::move(data), epochs, seed);
}

}  // namespace comet
