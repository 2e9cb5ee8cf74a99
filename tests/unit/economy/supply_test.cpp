// The fixed supply in the ledger: allocation buckets opened at genesis (hand-checked amounts at
// TGE and later), spending capped by what a bucket unlocked, redelegation (restake), and a
// property test: random sequences of every supply and staking operation keep conservation
// exact and the supply constant (minus exactly what was burned; nothing is ever minted).
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "models/economy/bucket_book.hpp"
#include "models/economy/delegation.hpp"

using namespace opgsim::economy;

namespace {
constexpr Amount kSupply = 1'000'000'000 * kUnitsPerOpg;  // 1e18 units
constexpr double kMonth = kSecondsPerMonth;

std::size_t index_of(const BucketBook& b, const std::string& name) {
  for (std::size_t i = 0; i < b.size(); ++i)
    if (b.allocation().bucket(i).name == name) return i;
  FAIL("no bucket " << name);
  return 0;
}
}  // namespace

TEST_CASE("genesis: the whole supply goes to the buckets and the ecosystem's TGE share back to the treasury") {
  Ledger ledger(kSupply, 0);
  BucketBook book(ledger, Allocation(kSupply, opg_allocation()));
  const std::size_t eco = index_of(book, "ecosystem"), stake = index_of(book, "staking_rewards"),
                    found = index_of(book, "foundation"), air = index_of(book, "airdrop");
  // 10 % of the 400M ecosystem bucket at TGE: 40M OPG in the treasury, 360M locked in the bucket.
  CHECK(ledger.balance(ledger.treasury()) == 40'000'000 * kUnitsPerOpg);
  CHECK(ledger.balance(book.account(eco)) == 360'000'000 * kUnitsPerOpg);
  CHECK(ledger.balance(book.account(stake)) == 100'000'000 * kUnitsPerOpg);
  CHECK(book.available(eco) == 0);
  CHECK(book.available(stake) == 0);                             // 96 months linear: nothing at TGE
  CHECK(book.available(found) == 49'995'000 * kUnitsPerOpg);     // 33.33 % of 150M
  CHECK(book.available(air) == 40'000'000 * kUnitsPerOpg);       // all at TGE
  CHECK(book.staking() == static_cast<std::ptrdiff_t>(stake));
  CHECK(ledger.supply() == kSupply);
  CHECK(ledger.conserved());

  // One month later: the staking bucket has unlocked 100M / 96, the ecosystem 360M / 60 more.
  CHECK(book.unlock(ledger, kMonth) == 6'000'000 * kUnitsPerOpg);
  CHECK(ledger.balance(ledger.treasury()) == 46'000'000 * kUnitsPerOpg);
  CHECK(book.available(stake) == 1'041'666'666'666'666);  // floor(1e17 / 96)
  // Spending takes at most what is unlocked and unspent.
  const AccountId to = ledger.open(AccountKind::Operator, 0);
  CHECK(book.spend(ledger, stake, to, 2'000'000 * kUnitsPerOpg) == 1'041'666'666'666'666);
  CHECK(book.available(stake) == 0);
  CHECK(book.spend(ledger, stake, to, 1) == 0);
  CHECK(ledger.balance(to) == 1'041'666'666'666'666);
  // After 96 months everything has unlocked; the staking bucket holds exactly the unpaid rest.
  book.unlock(ledger, 96 * kMonth);
  CHECK(book.available(stake) == 100'000'000 * kUnitsPerOpg - 1'041'666'666'666'666);
  CHECK(ledger.balance(ledger.treasury()) == 400'000'000 * kUnitsPerOpg);
  CHECK(ledger.supply() == kSupply);
  CHECK(ledger.conserved());
  CHECK_THROWS_AS(book.unlock(ledger, kMonth), LedgerError);  // time never goes backward
}

TEST_CASE("restake moves stake between accounts at once and refuses more than is staked") {
  Ledger ledger(1000, 10);
  const AccountId a = ledger.open(AccountKind::Delegator, 0), b = ledger.open(AccountKind::Delegator, 1);
  ledger.transfer(ledger.treasury(), a, 600);
  ledger.stake(a, 500);
  ledger.restake(a, b, 200);
  CHECK(ledger.staked(a) == 300);
  CHECK(ledger.staked(b) == 200);
  CHECK(ledger.total_staked() == 500);
  CHECK(ledger.unbonding(a) == 0);
  CHECK_THROWS_WITH_AS(ledger.restake(a, b, 301), "restake: delegator[0] has 300 base units staked, restake of 301 refused",
                       LedgerError);
  CHECK_THROWS_AS(ledger.restake(a, b, -1), LedgerError);
  CHECK(ledger.staked(a) == 300);
  CHECK(ledger.conserved());
}

TEST_CASE("a treasury short of the allocation is refused") {
  Ledger ledger(kSupply, 0);
  CHECK_THROWS_AS(BucketBook(ledger, Allocation(kSupply + 1, opg_allocation())), LedgerError);
}

TEST_CASE("property: random supply, staking and delegation operations keep conservation and a constant supply") {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 rng(seed);
    const auto pick = [&](Amount hi) { return hi <= 0 ? Amount{0} : static_cast<Amount>(rng() % static_cast<std::uint64_t>(hi + 1)); };
    Ledger ledger(kSupply, 3600);
    std::vector<BucketConfig> buckets = opg_allocation();
    if (seed % 2 == 0)
      for (auto& b : buckets) b.schedule = {0.05 * (seed % 5), static_cast<double>(seed % 3), static_cast<double>(1 + seed % 4)};
    BucketBook book(ledger, Allocation(kSupply, buckets));
    std::vector<AccountId> nodes, delegators;
    for (std::uint32_t i = 0; i < 6; ++i) {
      nodes.push_back(ledger.open(AccountKind::Operator, i));
      delegators.push_back(ledger.open(AccountKind::Delegator, i));
    }
    double t = 0;
    Amount burned = 0;
    for (int step = 0; step < 3000; ++step) {
      const std::size_t k = rng() % nodes.size(), j = rng() % nodes.size();
      const std::size_t bucket = rng() % book.size();
      switch (rng() % 9) {
        case 0: t += static_cast<double>(rng() % 1000) * 3600; book.unlock(ledger, t); break;
        case 1: book.spend(ledger, bucket, delegators[k], pick(book.available(bucket))); break;
        case 2: book.spend(ledger, bucket, nodes[k], pick(book.available(bucket) / 4)); break;
        case 3: ledger.stake(delegators[k], pick(ledger.balance(delegators[k]))); break;
        case 4: ledger.stake(nodes[k], pick(ledger.balance(nodes[k]))); break;
        case 5: ledger.restake(delegators[k], delegators[j], pick(ledger.staked(delegators[k]))); break;
        case 6: {  // one delegation rebalancing step, applied as restakes
          std::vector<Amount> target(delegators.size());
          std::vector<double> yield(delegators.size());
          for (std::size_t i = 0; i < delegators.size(); ++i) {
            target[i] = ledger.staked(delegators[i]);
            yield[i] = static_cast<double>(rng() % 100) / 100.0;
          }
          rebalance_delegation(target, yield, 0.3);
          std::size_t r = 0;
          for (std::size_t g = 0; g < delegators.size(); ++g)
            for (Amount give = ledger.staked(delegators[g]) - target[g]; give > 0;) {
              while (ledger.staked(delegators[r]) >= target[r]) ++r;
              const Amount take = std::min(give, target[r] - ledger.staked(delegators[r]));
              ledger.restake(delegators[g], delegators[r], take);
              give -= take;
            }
          for (std::size_t i = 0; i < delegators.size(); ++i) REQUIRE(ledger.staked(delegators[i]) == target[i]);
          break;
        }
        case 7: ledger.unstake(nodes[k], pick(ledger.staked(nodes[k])), t); ledger.release_unbonded(t); break;
        case 8: {
          const auto dest = rng() % 2 ? SlashDestination::Burn : SlashDestination::Treasury;
          const Amount before = ledger.burned();
          ledger.slash(nodes[k], pick(ledger.staked(nodes[k]) + ledger.unbonding(nodes[k])), dest);
          burned += ledger.burned() - before;
          break;
        }
      }
      REQUIRE(ledger.conserved());
      REQUIRE(ledger.minted() == 0);
      REQUIRE(ledger.supply() == kSupply - burned);
      for (std::size_t i = 0; i < book.size(); ++i) {
        REQUIRE(book.available(i) >= 0);
        REQUIRE(ledger.balance(book.account(i)) == book.allocation().amount(i) - book.spent(i));
      }
    }
  }
}
