// Property test over every ledger operation the running economy uses (issue 11's "random
// sequences of every new operation keep conservation and constant supply exact"): transfers,
// stake / unstake / unbonding release, slashing to burn and to the treasury, bucket unlock and
// spend, redelegation, amm swaps against a pool whose reserve is a ledger account, grants (the
// treasury pays the builders, the pipeline brings users) and subsidies (the treasury pays active
// operators), x402 charges whose later shares are held in the escrow account and released to a
// node or the treasury (sim/engine/economy_escrow.cpp). After every step: holdings == supply to the base unit, supply + burned == the
// initial supply (nothing is minted), the pool's reserve equals its account, no balance is
// negative, the escrow holds exactly what was held and not released. Many seeds, pure (no SimGrid).
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "models/economy/amm_pool.hpp"
#include "models/economy/bucket_book.hpp"
#include "models/economy/fees.hpp"
#include "models/economy/grants.hpp"
#include "models/economy/ledger.hpp"

using namespace opgsim::economy;

namespace {
constexpr Amount kSupply = 1'000'000'000 * kUnitsPerOpg;

struct World {
  Ledger ledger{kSupply, 86400};
  BucketBook book{ledger, Allocation(kSupply, opg_allocation())};
  std::vector<AccountId> ops, dels, users;
  AccountId pool, builders, escrow;
  Amount held = 0;  // escrowed and not yet released
  AmmPool amm{10'000'000 * kUnitsPerOpg, 1'000'000 * kMicroUsdPerUsd, 30};
  GrantPipeline grants{GrantConfig{}};
  double now = 0;

  World() {
    for (std::uint32_t i = 0; i < 4; ++i) ops.push_back(ledger.open(AccountKind::Operator, i));
    for (std::uint32_t i = 0; i < 4; ++i) dels.push_back(ledger.open(AccountKind::Delegator, i));
    for (std::uint32_t i = 0; i < 3; ++i) users.push_back(ledger.open(AccountKind::User, i));
    pool = ledger.open(AccountKind::Pool, 0);
    builders = ledger.open(AccountKind::Builder, 0);
    escrow = ledger.open(AccountKind::Escrow, 0);
    // The pool's seed from the liquidity bucket (index 5 in the published allocation).
    REQUIRE(book.spend(ledger, 5, pool, amm.opg_reserve()) == amm.opg_reserve());
  }
  std::vector<AccountId> all() const {
    std::vector<AccountId> a{ledger.treasury()};
    for (const auto* v : {&ops, &dels, &users}) a.insert(a.end(), v->begin(), v->end());
    a.push_back(builders);
    return a;
  }
  void check() const {
    CHECK(ledger.conserved());
    CHECK(ledger.minted() == 0);
    CHECK(ledger.supply() + ledger.burned() == kSupply);
    CHECK(ledger.balance(pool) == amm.opg_reserve());
    CHECK(ledger.balance(escrow) == held);
    for (AccountId a = 0; a < ledger.accounts(); ++a) {
      CHECK(ledger.balance(a) >= 0);
      CHECK(ledger.staked(a) >= 0);
    }
  }
};

Amount pick_amount(std::mt19937_64& rng, Amount max) {
  if (max <= 0) return 0;
  // Mostly small, sometimes all of it, sometimes a single unit (rounding edges).
  switch (rng() % 4) {
    case 0: return max;
    case 1: return 1;
    default: return static_cast<Amount>(rng() % static_cast<std::uint64_t>(max)) + 1;
  }
}
}  // namespace

TEST_CASE("random sequences of every economy ledger operation keep conservation and the supply exact") {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    World w;
    std::mt19937_64 rng(seed);
    const std::vector<AccountId> holders = w.all();
    for (int step = 0; step < 1500; ++step) {
      const auto any = [&] { return holders[rng() % holders.size()]; };
      const AccountId a = any(), b = any();
      switch (rng() % 14) {
        case 0: w.ledger.transfer(a, b, pick_amount(rng, w.ledger.balance(a))); break;
        case 1: w.ledger.stake(a, pick_amount(rng, w.ledger.balance(a))); break;
        case 2: w.ledger.unstake(a, pick_amount(rng, w.ledger.staked(a)), w.now); break;
        case 3:
          w.now += static_cast<double>(rng() % 100000);
          w.ledger.release_unbonded(w.now);
          w.book.unlock(w.ledger, w.now * 50);  // unlocking runs 50x faster so every bucket vests
          break;
        case 4:
          w.ledger.slash(a, pick_amount(rng, w.ledger.staked(a) + w.ledger.unbonding(a)),
                         rng() % 2 ? SlashDestination::Burn : SlashDestination::Treasury);
          break;
        case 5: w.ledger.slash_fraction(a, static_cast<double>(rng() % 1001) / 1000, SlashDestination::Burn); break;
        case 6: {  // a bucket spends what it has unlocked (rewards, delegation)
          const std::size_t i = rng() % w.book.size();
          const Amount got = w.book.spend(w.ledger, i, b, pick_amount(rng, w.book.available(i) + 5));
          CHECK(got <= w.book.unlocked(i));
          break;
        }
        case 7: {  // redelegation between two delegator accounts
          const AccountId from = w.dels[rng() % w.dels.size()], to = w.dels[rng() % w.dels.size()];
          if (from != to) w.ledger.restake(from, to, pick_amount(rng, w.ledger.staked(from)));
          break;
        }
        case 8: {  // a user buys OPG from the pool with outside dollars
          const AccountId buyer = w.users[rng() % w.users.size()];
          const Amount got = w.amm.buy_opg_with_usd(static_cast<MicroUsd>(rng() % 5'000'000'000ULL));
          w.ledger.transfer(w.pool, buyer, got);
          break;
        }
        case 9: {  // someone sells OPG to the pool
          const Amount opg = pick_amount(rng, std::min(w.ledger.balance(a), 50'000'000 * kUnitsPerOpg));
          if (opg > 0) {
            w.ledger.transfer(a, w.pool, opg);
            w.amm.sell_opg_for_usd(opg);
          }
          break;
        }
        case 10: {  // a grant from the treasury to the builders, users after the lag
          const Amount paid = pick_amount(rng, std::min(w.ledger.balance(w.ledger.treasury()), 1'000'000 * kUnitsPerOpg));
          w.ledger.transfer(w.ledger.treasury(), w.builders, paid);
          w.grants.grant(units_to_opg(paid) * w.amm.price_usd(), w.now);
          const std::uint64_t pending = w.grants.in_pipeline();
          const std::uint64_t due = w.grants.take_due(w.now + 30 * 86400.0);
          CHECK(due == pending);
          CHECK(w.grants.in_pipeline() == 0);
          break;
        }
        case 11: {  // a subsidy from the treasury to every operator, capped by what it holds
          const Amount each = static_cast<Amount>(rng() % (1000 * kUnitsPerOpg));
          for (const AccountId op : w.ops) {
            const Amount paid = std::min(each, w.ledger.balance(w.ledger.treasury()));
            w.ledger.transfer(w.ledger.treasury(), op, paid);
          }
          break;
        }
        case 12: {  // an x402 charge lands: shares split, the verifier's and validators' held in escrow
          const AccountId payer = w.users[rng() % w.users.size()];
          const Amount fee = pick_amount(rng, w.ledger.balance(payer));
          const FeeSplit split = split_fee(FeeShares{.operator_bps = 5000, .verifier_bps = 2000, .validators_bps = 1500,
                                                     .treasury_bps = 1000, .burn_bps = 500},
                                           fee);
          w.ledger.transfer(payer, w.ops[rng() % w.ops.size()], split.operator_part);
          w.ledger.transfer(payer, w.escrow, split.verifier + split.validators);
          w.held += split.verifier + split.validators;
          w.ledger.transfer(payer, w.ledger.treasury(), split.treasury);
          w.ledger.burn(payer, split.burn);
          break;
        }
        case 13: {  // the request ends: a held share goes to the node that served it, or to the treasury
          const Amount part = pick_amount(rng, w.held);
          w.ledger.transfer(w.escrow, rng() % 2 ? w.ops[rng() % w.ops.size()] : w.ledger.treasury(), part);
          w.held -= part;
          break;
        }
      }
      w.check();
      if (!w.ledger.conserved()) break;
    }
  }
}

TEST_CASE("a grant pipeline hands out every granted user exactly once, after the lag") {
  GrantPipeline g(GrantConfig{.usd_per_user = 20, .lag_s = 100});
  g.grant(50, 0);   // 2.5 users: 2 now, 0.5 carried
  g.grant(50, 10);  // 3 users (2.5 + 0.5)
  CHECK(g.take_due(99) == 0);
  CHECK(g.take_due(100) == 2);
  CHECK(g.take_due(109.9) == 0);
  CHECK(g.take_due(110) == 3);
  CHECK(g.granted_users() == 5);
}
