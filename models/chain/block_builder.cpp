// FIFO block filling under a gas limit.
#include "models/chain/block_builder.hpp"

#include <string>
#include <utility>

#include "models/common/input_error.hpp"

namespace opgsim::chain {

namespace {
void check_fits(std::uint64_t tx_gas, std::uint64_t gas_limit) {
  if (tx_gas > gas_limit)
    throw InputError("chain: a settlement transaction needs " + std::to_string(tx_gas) +
                     " gas but the block gas limit is " + std::to_string(gas_limit) +
                     ", so no block could include it (raise the gas limit or lower the batch size or gas)");
}
}  // namespace

std::size_t BlockContents::items() const {
  std::size_t n = 0;
  for (const auto& tx : txs) n += tx.items.size();
  return n;
}

BlockBuilder::BlockBuilder(std::uint64_t gas_limit, std::uint64_t max_tx_gas) : gas_limit_(gas_limit) {
  if (gas_limit == 0) throw InputError("chain: the block gas limit must be at least 1");
  check_fits(max_tx_gas, gas_limit);
}

void BlockBuilder::submit(Batch tx) {
  check_fits(tx.gas, gas_limit_);
  pending_gas_ += tx.gas;
  mempool_.push_back(std::move(tx));
}

BlockContents BlockBuilder::build() {
  BlockContents block;
  while (!mempool_.empty() && mempool_.front().gas <= gas_limit_ - block.gas_used) {
    block.gas_used += mempool_.front().gas;
    pending_gas_ -= mempool_.front().gas;
    block.txs.push_back(std::move(mempool_.front()));
    mempool_.pop_front();
  }
  return block;
}

}  // namespace opgsim::chain
