// Settlement batching: flush at N items, after idle_s, at max_age_s (exact times), per request.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "models/chain/settlement_batcher.hpp"
#include "models/common/input_error.hpp"

using namespace opgsim::chain;

TEST_CASE("a batch flushes when it holds batch_size items") {
  SettlementBatcher b;  // 20 items, 300 s idle, 900 s age
  for (std::uint64_t i = 0; i < 19; ++i) CHECK_FALSE(b.add(100 + i, static_cast<double>(i)).has_value());
  CHECK(b.buffered() == 19);
  const auto batch = b.add(119, 19.0);
  REQUIRE(batch.has_value());
  CHECK(batch->reason == FlushReason::Full);
  CHECK(batch->id == 0);
  CHECK(batch->flushed_at == 19.0);
  CHECK(batch->gas == 50'000);  // a Merkle root: same gas for any batch size by default
  std::vector<std::uint64_t> expect;
  for (std::uint64_t i = 0; i < 20; ++i) expect.push_back(100 + i);
  CHECK(batch->items == expect);
  CHECK(b.buffered() == 0);
  CHECK(std::isinf(b.next_deadline()));
  CHECK_FALSE(b.flush_due(1e9).has_value());
}

TEST_CASE("a batch flushes idle_s after its last item") {
  SettlementBatcher b;
  b.add(1, 0.0);
  CHECK(b.next_deadline() == 300.0);
  b.add(2, 100.0);
  CHECK(b.next_deadline() == 400.0);  // the idle timer restarts at every item
  CHECK_FALSE(b.flush_due(399.999).has_value());
  const auto batch = b.flush_due(400.0);
  REQUIRE(batch.has_value());
  CHECK(batch->reason == FlushReason::Idle);
  CHECK(batch->flushed_at == 400.0);
  CHECK(batch->items == std::vector<std::uint64_t>{1, 2});
  CHECK(std::isinf(b.next_deadline()));
}

TEST_CASE("a batch flushes when its oldest item is max_age_s old") {
  SettlementBatcher b;
  // items every 250 s keep the idle timer from firing; the age limit does at 0 + 900
  const double t[] = {0, 250, 500, 750};
  const double deadline[] = {300, 550, 800, 900};
  for (int i = 0; i < 4; ++i) {
    CHECK_FALSE(b.add(static_cast<std::uint64_t>(i), t[i]).has_value());
    CHECK(b.next_deadline() == deadline[i]);
  }
  CHECK_FALSE(b.flush_due(899.0).has_value());
  const auto batch = b.flush_due(900.0);
  REQUIRE(batch.has_value());
  CHECK(batch->reason == FlushReason::MaxAge);
  CHECK(batch->items.size() == 4);
  // the next buffer's age counts from its own first item
  b.add(9, 1000.0);
  CHECK(b.next_deadline() == 1300.0);
}

TEST_CASE("an item arriving after an overdue flush starts the next batch") {
  SettlementBatcher b;
  b.add(1, 0.0);
  const auto stale = b.add(2, 350.0);  // the idle flush fell due at 300
  REQUIRE(stale.has_value());
  CHECK(stale->reason == FlushReason::Idle);
  CHECK(stale->items == std::vector<std::uint64_t>{1});
  CHECK(b.buffered() == 1);
  CHECK(b.next_deadline() == 650.0);
  const auto rest = b.drain(400.0);
  REQUIRE(rest.has_value());
  CHECK(rest->reason == FlushReason::Drain);
  CHECK(rest->id == 1);
  CHECK(rest->items == std::vector<std::uint64_t>{2});
  CHECK_FALSE(b.drain(401.0).has_value());
}

TEST_CASE("per_request mode settles every item in its own transaction at once") {
  SettlementConfig cfg;
  cfg.mode = SettlementMode::PerRequest;
  SettlementBatcher b(cfg);
  for (std::uint64_t i = 0; i < 5; ++i) {
    const auto tx = b.add(7 + i, 10.0 * static_cast<double>(i));
    REQUIRE(tx.has_value());
    CHECK(tx->id == i);
    CHECK(tx->items == std::vector<std::uint64_t>{7 + i});
    CHECK(tx->reason == FlushReason::PerRequest);
    CHECK(tx->flushed_at == 10.0 * static_cast<double>(i));
    CHECK(tx->gas == 50'000 + 20'000);  // base + RSA-PSS verification
    CHECK(std::isinf(b.next_deadline()));
  }
  CHECK(max_settlement_gas(cfg) == 70'000);
}

TEST_CASE("batch gas grows with per_item_gas, infinite timers disable a trigger") {
  SettlementConfig cfg;
  cfg.per_item_gas = 1'000;
  cfg.batch_size = 3;
  cfg.idle_s = std::numeric_limits<double>::infinity();
  SettlementBatcher b(cfg);
  b.add(1, 0);
  CHECK(b.next_deadline() == 900.0);  // age only
  b.add(2, 1);
  const auto batch = b.add(3, 2);
  REQUIRE(batch.has_value());
  CHECK(batch->gas == 50'000 + 3 * 1'000);
  CHECK(max_settlement_gas(cfg) == 53'000);
}

TEST_CASE("settlement input errors") {
  SettlementConfig cfg;
  cfg.batch_size = 0;
  CHECK_THROWS_WITH_AS(SettlementBatcher{cfg}, "chain.settlement.batch_size: must be at least 1", opgsim::InputError);
  cfg = {};
  cfg.idle_s = 0;
  CHECK_THROWS_AS(SettlementBatcher{cfg}, opgsim::InputError);
  cfg = {};
  cfg.max_age_s = std::nan("");
  CHECK_THROWS_AS(SettlementBatcher{cfg}, opgsim::InputError);
}
