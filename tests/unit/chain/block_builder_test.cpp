// Block filling (gas limit, FIFO) and a seeded end-to-end run of the chain models together.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "models/chain/block_builder.hpp"
#include "models/chain/consensus.hpp"
#include "models/chain/fee_market.hpp"
#include "models/chain/settlement_batcher.hpp"
#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"

using opgsim::Rng;
using namespace opgsim::chain;

namespace {
Batch tx(std::uint64_t id, std::uint64_t gas, std::vector<std::uint64_t> items = {}) {
  Batch b;
  b.id = id;
  b.gas = gas;
  b.items = std::move(items);
  return b;
}
std::vector<std::uint64_t> ids(const BlockContents& b) {
  std::vector<std::uint64_t> out;
  for (const auto& t : b.txs) out.push_back(t.id);
  return out;
}
}  // namespace

TEST_CASE("a block takes transactions in order up to its gas limit") {
  BlockBuilder bb(200'000);
  for (std::uint64_t i = 0; i < 5; ++i) bb.submit(tx(i, 70'000, {10 * i, 10 * i + 1}));
  CHECK(bb.pending_gas() == 350'000);
  BlockContents b1 = bb.build();
  CHECK(ids(b1) == std::vector<std::uint64_t>{0, 1});
  CHECK(b1.gas_used == 140'000);
  CHECK(b1.items() == 4);
  CHECK(ids(bb.build()) == std::vector<std::uint64_t>{2, 3});
  BlockContents b3 = bb.build();
  CHECK(ids(b3) == std::vector<std::uint64_t>{4});
  CHECK(b3.gas_used == 70'000);
  CHECK(b3.txs[0].items == std::vector<std::uint64_t>{40, 41});
  CHECK(bb.pending() == 0);
  CHECK(bb.pending_gas() == 0);
  CHECK(bb.build().gas_used == 0);  // an empty block: the fee market still sees it
}

TEST_CASE("a transaction that does not fit ends the block, later ones are not pulled ahead") {
  BlockBuilder bb(100);
  bb.submit(tx(0, 60));
  bb.submit(tx(1, 50));
  bb.submit(tx(2, 30));
  CHECK(ids(bb.build()) == std::vector<std::uint64_t>{0});
  CHECK(ids(bb.build()) == std::vector<std::uint64_t>{1, 2});
  bb.submit(tx(3, 40));
  bb.submit(tx(4, 60));  // exactly fills the block
  const BlockContents b = bb.build();
  CHECK(ids(b) == std::vector<std::uint64_t>{3, 4});
  CHECK(b.gas_used == 100);
}

TEST_CASE("a transaction larger than the gas limit is a one-line input error") {
  CHECK_THROWS_AS(BlockBuilder(100, 101), opgsim::InputError);
  try {
    BlockBuilder(100, 101);
  } catch (const opgsim::InputError& e) {
    const std::string msg = e.what();
    CHECK(msg.find('\n') == std::string::npos);
    CHECK(msg.find("101") != std::string::npos);
  }
  BlockBuilder bb(100, 100);
  CHECK_THROWS_AS(bb.submit(tx(0, 101)), opgsim::InputError);
  CHECK(bb.pending() == 0);
  CHECK_THROWS_AS(BlockBuilder(0), opgsim::InputError);
  // the defaults fit: a 50,000-gas batch in a 10M block
  CHECK_NOTHROW(BlockBuilder(FeeMarketConfig{}.gas_limit, max_settlement_gas(SettlementConfig{})));
}

namespace {
// A tiny event loop standing in for the validator actor: Poisson items -> batcher -> mempool ->
// blocks -> fee market. Returns each item's finality (commit time - arrival) and the fees.
struct RunResult {
  std::vector<double> finality;
  std::vector<std::uint64_t> base_fees;
  std::uint64_t blocks = 0;
  bool settled_twice = false;
};
RunResult run(std::uint64_t seed, SettlementConfig scfg, std::uint64_t gas_limit, double rate, double horizon) {
  ConsensusConfig ccfg;
  ccfg.proposer_fault_prob = 0.2;
  ConsensusState cs(ccfg, Rng::stream(seed, "chain.consensus"));
  Rng arrivals = Rng::stream(seed, "workload.arrivals");
  SettlementBatcher batcher(scfg);
  FeeMarketConfig fcfg;
  fcfg.gas_limit = gas_limit;
  FeeMarket fees(fcfg);
  BlockBuilder builder(gas_limit, max_settlement_gas(scfg));
  std::vector<double> arrived;
  RunResult out;
  double next_arrival = arrivals.exponential_mean(1.0 / rate);
  while (true) {
    const double t = std::min({next_arrival, batcher.next_deadline(), cs.next_commit_time()});
    if (t > horizon) break;
    if (t == next_arrival) {
      arrived.push_back(t);
      out.finality.push_back(-1);  // not settled yet
      if (auto b = batcher.add(arrived.size() - 1, t)) builder.submit(std::move(*b));
      next_arrival = t + arrivals.exponential_mean(1.0 / rate);
    } else if (t == batcher.next_deadline()) {
      if (auto b = batcher.flush_due(t)) builder.submit(std::move(*b));
    } else {
      const BlockCommit c = cs.commit();
      const BlockContents block = builder.build();
      out.base_fees.push_back(fees.on_block(block.gas_used));
      for (const auto& b : block.txs)
        for (auto item : b.items) {
          out.settled_twice |= out.finality[item] >= 0;
          out.finality[item] = c.commit_time - arrived[item];
        }
      ++out.blocks;
    }
  }
  return out;
}
}  // namespace

TEST_CASE("the chain models together are deterministic for a seed") {
  SettlementConfig per;
  per.mode = SettlementMode::PerRequest;
  // 2 items/s, 70,000 gas each, 10 s blocks of 1M gas (target 500k): 1.4M gas/block offered,
  // so the mempool grows and the base fee climbs every block.
  const RunResult a = run(7, per, 1'000'000, 2.0, 2000), b = run(7, per, 1'000'000, 2.0, 2000);
  CHECK(a.finality == b.finality);
  CHECK(a.base_fees == b.base_fees);
  CHECK(a.base_fees.back() > 1'000'000'000);
  const RunResult c = run(8, per, 1'000'000, 2.0, 2000);
  CHECK(c.finality != a.finality);

  // Batched with spare gas: every settled item waited for its batch and then at most a block
  // interval with failed rounds; no item settles twice or before it arrived.
  const RunResult d = run(7, SettlementConfig{}, 10'000'000, 0.01, 50'000);
  std::size_t settled = 0;
  bool positive = true;
  for (double f : d.finality) {
    if (f < 0) continue;
    ++settled;
    positive &= f > 0;
  }
  CHECK(positive);
  CHECK_FALSE(d.settled_twice);
  CHECK_FALSE(a.settled_twice);
  CHECK(settled > 0.9 * static_cast<double>(d.finality.size()));
  CHECK(*std::max_element(d.finality.begin(), d.finality.end()) < 900 + 100);
  CHECK(d.base_fees.back() < 1'000'000'000);  // nearly empty blocks: the fee falls
}

TEST_CASE("with per-class verification gas a block of mixed classes holds the hand-computed count") {
  SettlementConfig cfg;
  cfg.mode = SettlementMode::PerRequest;
  cfg.verify_gas_per_class = true;  // vanilla 0, tee 20,000, zkml 205,600 (EIP-1108 Groth16, 4 inputs)
  CHECK(item_verify_gas(cfg, 2) == 181'000 + 4 * 6'150);
  SettlementBatcher batcher(cfg);
  BlockBuilder bb(10'000'000, max_settlement_gas(cfg));
  CHECK(max_settlement_gas(cfg) == 50'000 + 205'600);
  // zkml, tee, vanilla, zkml, ...: 255,600 + 70,000 + 50,000 = 375,600 gas a triplet; 26 of them
  // (9,765,600) fit in 10M, the 79th transaction (zkml, 255,600 more) does not.
  const std::size_t modes[] = {2, 1, 0};
  for (std::uint64_t i = 0; i < 90; ++i) {
    auto b = batcher.add(i, 1.0, item_verify_gas(cfg, modes[i % 3]));
    REQUIRE(b.has_value());
    bb.submit(std::move(*b));
  }
  const BlockContents block = bb.build();
  CHECK(block.txs.size() == 78);
  CHECK(block.gas_used == 26 * 375'600);
  // Off (the default): every per-request transaction is 50,000 + individual_verify_gas 20,000.
  SettlementConfig off;
  off.mode = SettlementMode::PerRequest;
  CHECK(item_verify_gas(off, 2) == 0);
  SettlementBatcher plain(off);
  BlockBuilder bb2(10'000'000, max_settlement_gas(off));
  for (std::uint64_t i = 0; i < 150; ++i) bb2.submit(std::move(*plain.add(i, 1.0, item_verify_gas(off, modes[i % 3]))));
  const BlockContents block2 = bb2.build();
  CHECK(block2.txs.size() == 142);  // 142 x 70,000 = 9,940,000
  CHECK(block2.gas_used == 142 * 70'000);
}

TEST_CASE("a batch's gas is its base plus each item's per-class verification gas") {
  SettlementConfig cfg;
  cfg.batch_size = 4;
  cfg.verify_gas_per_class = true;
  SettlementBatcher batcher(cfg);
  CHECK(!batcher.add(0, 1.0, item_verify_gas(cfg, 2)));
  CHECK(!batcher.add(1, 1.0, item_verify_gas(cfg, 1)));
  CHECK(!batcher.add(2, 1.0, item_verify_gas(cfg, 0)));
  const auto b = batcher.add(3, 1.0, item_verify_gas(cfg, 2));
  REQUIRE(b.has_value());
  CHECK(b->gas == 50'000 + 2 * 205'600 + 20'000);
  CHECK(max_settlement_gas(cfg) == 50'000 + 4 * 205'600);
  // The next batch starts from nothing.
  for (std::uint64_t i = 4; i < 7; ++i) CHECK(!batcher.add(i, 2.0, item_verify_gas(cfg, 1)));
  const auto next = batcher.drain(3.0);
  REQUIRE(next.has_value());
  CHECK(next->gas == 50'000 + 3 * 20'000);
}
