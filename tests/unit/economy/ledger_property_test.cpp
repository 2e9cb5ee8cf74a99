// Token ledger property tests: 20,000 random operations per seed (every kind, including ones
// that must be refused) against a naive reference model, checking after every one that the
// ledger matches the model, stays conserved to the base unit and never goes negative.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"
#include "models/economy/ledger.hpp"

using namespace opgsim::economy;
using opgsim::Rng;

namespace {
constexpr Amount kMax = std::numeric_limits<Amount>::max();
}  // namespace

namespace {

// The ledger's rules written the slow, obvious way: unbonds in one vector, scanned in full.
struct Model {
  struct Acc {
    Amount balance = 0, staked = 0;
    AccountKind kind;
    std::uint32_t index;
  };
  struct Unbond {
    double release;
    Amount amount;
    AccountId account;
  };
  Amount initial, minted = 0, burned = 0;
  double unbonding_s;
  double last_time = -INFINITY;
  std::vector<Acc> accs;
  std::vector<Unbond> unbonds;  // in unstake order

  Model(Amount initial_supply, double u) : initial(initial_supply), unbonding_s(u) {
    accs.push_back(Acc{initial_supply, 0, AccountKind::Treasury, 0});
  }
  bool valid(AccountId a) const { return a < accs.size(); }
  Amount unbonding(AccountId a) const {
    Amount s = 0;
    for (const auto& u : unbonds)
      if (u.account == a) s += u.amount;
    return s;
  }
  Amount slash(AccountId a, Amount amount, SlashDestination dest) {
    Amount left = amount;
    const Amount s = std::min(left, accs[a].staked);
    accs[a].staked -= s;
    left -= s;
    for (auto it = unbonds.rbegin(); it != unbonds.rend() && left > 0; ++it) {
      if (it->account != a) continue;
      const Amount t = std::min(left, it->amount);
      it->amount -= t;
      left -= t;
    }
    std::erase_if(unbonds, [](const Unbond& u) { return u.amount == 0; });
    const Amount taken = amount - left;
    if (dest == SlashDestination::Burn) burned += taken;
    else accs[0].balance += taken;
    return taken;
  }
};

struct PropertyRun {
  std::uint64_t seed;
  Amount initial_supply;
  double unbonding_s;
};

void run_random_operations(const PropertyRun& run, int operations, int& refused_count) {
  Rng rng = Rng::stream(run.seed, "economy.ledger.property");
  Ledger l(run.initial_supply, run.unbonding_s);
  Model m(run.initial_supply, run.unbonding_s);
  double now = 0.0;
  const AccountKind kinds[] = {AccountKind::User, AccountKind::Operator, AccountKind::Verifier,
                               AccountKind::Validator, AccountKind::Treasury};

  // An account id: usually a real one, sometimes one past the end.
  auto pick_account = [&]() -> AccountId { return static_cast<AccountId>(rng.below(m.accs.size() + 2)); };
  // An amount near `have`: negative, zero-ish, within, just above, or absurd.
  auto pick_amount = [&](Amount have) -> Amount {
    const std::uint64_t r = rng.below(100);
    if (r < 6) return -static_cast<Amount>(1 + rng.below(1000));
    if (r < 9) return kMax - static_cast<Amount>(rng.below(3));
    if (r < 25) return static_cast<Amount>(rng.below(11));
    if (r < 35) return have > kMax - 2 ? kMax : have + static_cast<Amount>(rng.below(3));  // all, or just over
    const std::uint64_t bound = static_cast<std::uint64_t>(have) + static_cast<std::uint64_t>(have) / 8 + 2;
    return static_cast<Amount>(std::min<std::uint64_t>(rng.below(bound), kMax));
  };
  auto have_balance = [&](AccountId a) { return m.valid(a) ? m.accs[a].balance : 100; };
  auto have_staked = [&](AccountId a) { return m.valid(a) ? m.accs[a].staked : 100; };
  // A time: usually forward, sometimes (refused) backward, or not finite.
  auto pick_time = [&]() -> double {
    const std::uint64_t r = rng.below(100);
    if (r < 3) return now - 1.0 - rng.uniform01();
    if (r < 4) return rng.below(2) ? NAN : INFINITY;
    if (r < 20) return now;  // same instant as the last operation
    return now + rng.exponential_mean(run.unbonding_s > 0 ? run.unbonding_s / 32 : 1.0);
  };
  auto time_ok = [&](double t) { return std::isfinite(t) && t >= m.last_time; };

  for (int i = 0; i < operations; ++i) {
    const std::uint64_t op = rng.below(10);
    bool expect_ok = true;
    bool threw = false;
    std::string what;
    Amount returned = -1, expected_return = -1;
    try {
      switch (op) {
        case 0: {  // open
          const AccountKind k = kinds[rng.below(5)];
          const auto idx = static_cast<std::uint32_t>(rng.below(10));
          for (const auto& acc : m.accs) expect_ok &= !(acc.kind == k && acc.index == idx);
          const AccountId id = l.open(k, idx);
          if (!expect_ok) break;  // accepted but should not be: reported below
          CHECK(id == m.accs.size());
          m.accs.push_back(Model::Acc{0, 0, k, idx});
          break;
        }
        case 1: {  // transfer
          const AccountId from = pick_account(), to = pick_account();
          const Amount x = pick_amount(have_balance(from));
          expect_ok = m.valid(from) && m.valid(to) && x >= 0 && x <= m.accs[from].balance;
          l.transfer(from, to, x);
          if (!expect_ok) break;  // accepted but should not be: reported below
          m.accs[from].balance -= x;
          m.accs[to].balance += x;
          break;
        }
        case 2: {  // stake
          const AccountId a = pick_account();
          const Amount x = pick_amount(have_balance(a));
          expect_ok = m.valid(a) && x >= 0 && x <= m.accs[a].balance;
          l.stake(a, x);
          if (!expect_ok) break;  // accepted but should not be: reported below
          m.accs[a].balance -= x;
          m.accs[a].staked += x;
          break;
        }
        case 3: {  // unstake
          const AccountId a = pick_account();
          const Amount x = pick_amount(have_staked(a));
          const double t = pick_time();
          expect_ok = m.valid(a) && x >= 0 && x <= m.accs[a].staked && time_ok(t);
          l.unstake(a, x, t);
          if (!expect_ok) break;  // accepted but should not be: reported below
          m.accs[a].staked -= x;
          if (x > 0) m.unbonds.push_back(Model::Unbond{t + run.unbonding_s, x, a});
          m.last_time = now = t;
          break;
        }
        case 4: {  // release
          const double t = pick_time();
          expect_ok = time_ok(t);
          l.release_unbonded(t);
          if (!expect_ok) break;  // accepted but should not be: reported below
          for (const auto& u : m.unbonds)
            if (u.release <= t) m.accs[u.account].balance += u.amount;
          std::erase_if(m.unbonds, [&](const Model::Unbond& u) { return u.release <= t; });
          m.last_time = now = t;
          break;
        }
        case 5: {  // slash
          const AccountId a = pick_account();
          const Amount x = pick_amount(m.valid(a) ? m.accs[a].staked + m.unbonding(a) : 100);
          const auto dest = rng.below(2) ? SlashDestination::Burn : SlashDestination::Treasury;
          expect_ok = m.valid(a) && x >= 0;
          returned = l.slash(a, x, dest);
          if (!expect_ok) break;  // accepted but should not be: reported below
          expected_return = m.slash(a, x, dest);
          break;
        }
        case 6: {  // slash_fraction
          const AccountId a = pick_account();
          const auto dest = rng.below(2) ? SlashDestination::Burn : SlashDestination::Treasury;
          const std::uint64_t r = rng.below(100);
          double fraction;
          std::int64_t num = -1, den = 1;  // fraction == num / den exactly as a decimal, when num >= 0
          if (r < 40) {
            den = 1;
            for (std::uint64_t d = 1 + rng.below(6); d > 0; --d) den *= 10;
            num = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(den) + 1));
            fraction = static_cast<double>(num) / static_cast<double>(den);
          } else if (r < 50) {
            num = static_cast<std::int64_t>(rng.below(2));
            fraction = static_cast<double>(num);
          } else if (r < 58) {
            const double bad[] = {-0.25, 1.5, NAN, -INFINITY, 1.0000000000000002, -1e-300};
            fraction = bad[rng.below(6)];
          } else {
            fraction = rng.uniform01();
          }
          expect_ok = m.valid(a) && fraction >= 0.0 && fraction <= 1.0;
          returned = l.slash_fraction(a, fraction, dest);
          if (!expect_ok) break;  // accepted but should not be: reported below
          const Amount st = m.accs[a].staked;
          if (num >= 0) {
            expected_return = static_cast<Amount>(static_cast<__int128_t>(st) * num / den);
          } else {  // an arbitrary double: within one unit (plus the 1e-15 grain) of staked * fraction
            const long double exact = static_cast<long double>(st) * fraction;
            CHECK(static_cast<long double>(returned) <= exact + st * 1e-15L + 1);
            CHECK(static_cast<long double>(returned) >= exact - st * 1e-15L - 1);
            CHECK(returned <= st);
            expected_return = returned;
          }
          CHECK(m.slash(a, expected_return, dest) == expected_return);
          break;
        }
        case 7: {  // mint: sometimes right up to the int64 edge
          const AccountId a = pick_account();
          const Amount room = kMax - m.initial - m.minted;
          Amount x = pick_amount(1'000'000);
          if (rng.below(4) == 0) {  // room + 1 (refused), room or room - 1
            const auto offset = static_cast<Amount>(rng.below(3));
            x = offset == 0 ? (room < kMax ? room + 1 : kMax) : room - (offset - 1);
          }
          expect_ok = m.valid(a) && x >= 0 && x <= room;
          l.mint(a, x);
          if (!expect_ok) break;  // accepted but should not be: reported below
          m.accs[a].balance += x;
          m.minted += x;
          break;
        }
        case 8: {  // burn
          const AccountId a = pick_account();
          const Amount x = pick_amount(have_balance(a));
          expect_ok = m.valid(a) && x >= 0 && x <= m.accs[a].balance;
          l.burn(a, x);
          if (!expect_ok) break;  // accepted but should not be: reported below
          m.accs[a].balance -= x;
          m.burned += x;
          break;
        }
        case 9: {  // read an account that may not exist
          const AccountId a = pick_account();
          expect_ok = m.valid(a);
          (void)l.name(a);
          if (!expect_ok) break;  // accepted but should not be: reported below
          break;
        }
      }
    } catch (const LedgerError& e) {
      threw = true;
      what = e.what();
    }
    if (threw) ++refused_count;
    // A refusal must be exactly the model's, with a one-line message.
    REQUIRE_MESSAGE(threw == !expect_ok, "seed ", run.seed, " op #", i, " kind ", op, ": ", what);
    REQUIRE(what.find('\n') == std::string::npos);
    if (!threw && expected_return >= 0) REQUIRE_MESSAGE(returned == expected_return, "seed ", run.seed, " op #", i);

    // After every operation: conservation, non-negativity, and agreement with the model.
    REQUIRE_MESSAGE(l.conserved(), "seed ", run.seed, " op #", i);
    REQUIRE(l.supply() == l.initial_supply() + l.minted() - l.burned());
    REQUIRE(l.minted() == m.minted);
    REQUIRE(l.burned() == m.burned);
    REQUIRE(l.accounts() == m.accs.size());
    Amount staked_sum = 0, unbonding_sum = 0;
    for (AccountId a = 0; a < l.accounts(); ++a) {
      REQUIRE(l.balance(a) >= 0);
      REQUIRE(l.staked(a) >= 0);
      REQUIRE(l.unbonding(a) >= 0);
      REQUIRE_MESSAGE(l.balance(a) == m.accs[a].balance, "seed ", run.seed, " op #", i, " account ", a);
      REQUIRE(l.staked(a) == m.accs[a].staked);
      REQUIRE(l.unbonding(a) == m.unbonding(a));
      staked_sum += l.staked(a);
      unbonding_sum += l.unbonding(a);
    }
    REQUIRE(l.total_staked() == staked_sum);
    REQUIRE(l.total_unbonding() == unbonding_sum);
  }

  // Finally every unbond comes home: the queue and the per-account sums agree to the unit.
  l.release_unbonded(now + run.unbonding_s + 1.0);
  CHECK(l.total_unbonding() == 0);
  for (AccountId a = 0; a < l.accounts(); ++a) CHECK(l.unbonding(a) == 0);
  CHECK(l.conserved());
}

}  // namespace

TEST_CASE("property: 20,000 random operations per seed keep the ledger conserved and non-negative") {
  const PropertyRun runs[] = {
      {1, 1'000'000'000'000'000'000, 50.0},  // 1e9 OPG, near int64 mint edge
      {2, 1'000'000'000'000'000'000, 0.0},   // instant unbonding
      {3, 1'000'000, 1000.0},                // small supply, long unbonding: many live entries
      {4, 0, 10.0},                          // nothing at genesis: everything minted
      {5, kMax / 2, 3.0},
      {6, 12'345, 50.0},
  };
  for (const PropertyRun& run : runs) {
    CAPTURE(run.seed);
    int refused = 0;
    run_random_operations(run, 20'000, refused);
    // Both sides of every rule get exercised: plenty refused, plenty accepted.
    CHECK(refused > 2'000);
    CHECK(refused < 14'000);
  }
}
