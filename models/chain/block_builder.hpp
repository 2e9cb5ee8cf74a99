// Fills each block from a FIFO mempool of settlement transactions up to the block gas limit.
//
// Transactions are taken strictly in arrival order, and the first one that does not fit ends
// the block (CometBFT's mempool ReapMaxBytesMaxGas stops at the first transaction over the
// limit; it does not skip ahead). What is left waits for the next block. The gas used feeds
// the fee market; the included transactions, with their item ids, give each item's
// settlement time (finality_s = commit time - submission time, measured by the caller).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "models/chain/settlement_batcher.hpp"

namespace opgsim::chain {

struct BlockContents {
  std::vector<Batch> txs;     // included transactions, in mempool order
  std::uint64_t gas_used = 0;
  std::size_t items() const;  // settled items in this block
};

class BlockBuilder {
public:
  // gas_limit: block gas limit (og-evm devnet 10,000,000, local_node.sh l.249). max_tx_gas:
  // the largest transaction the producers can submit (max_settlement_gas); a transaction that
  // could never fit in a block is an input error, reported here before the run starts.
  explicit BlockBuilder(std::uint64_t gas_limit = 10'000'000, std::uint64_t max_tx_gas = 0);

  // Appends tx to the mempool; InputError if tx.gas exceeds the gas limit.
  void submit(Batch tx);
  // Takes transactions from the front while they fit in gas_limit.
  BlockContents build();

  std::size_t pending() const { return mempool_.size(); }
  std::uint64_t pending_gas() const { return pending_gas_; }
  std::uint64_t gas_limit() const { return gas_limit_; }

private:
  std::uint64_t gas_limit_;
  std::deque<Batch> mempool_;
  std::uint64_t pending_gas_ = 0;
};

}  // namespace opgsim::chain
