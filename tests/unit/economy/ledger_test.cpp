// Token ledger: hand cases of each operation, refused operations (exact messages, state
// unchanged), unbonding release timing, slashing order and rounding, unit conversions. The
// random-operation property tests are in ledger_property_test.cpp.
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

// Everything observable about a ledger, to check that a refused operation changed nothing.
struct Snapshot {
  std::vector<Amount> values;
  bool operator==(const Snapshot&) const = default;
};
Snapshot snapshot(const Ledger& l) {
  Snapshot s;
  for (AccountId a = 0; a < l.accounts(); ++a) s.values.insert(s.values.end(), {l.balance(a), l.staked(a), l.unbonding(a)});
  s.values.insert(s.values.end(), {static_cast<Amount>(l.accounts()), l.total_staked(), l.total_unbonding(),
                                   l.minted(), l.burned(), l.supply()});
  return s;
}

// Runs op, which must throw LedgerError with exactly `message`, and checks the ledger is unchanged.
template <class Op>
void check_refused(Ledger& l, Op op, const std::string& message) {
  const Snapshot before = snapshot(l);
  CHECK_THROWS_WITH_AS(op(), message.c_str(), LedgerError);
  CHECK(snapshot(l) == before);
  CHECK(l.conserved());
}

}  // namespace

TEST_CASE("genesis puts the whole supply in the treasury") {
  Ledger l(1'000'000'000'000'000'000, 100.0);  // 1e9 OPG
  CHECK(l.treasury() == 0);
  CHECK(l.accounts() == 1);
  CHECK(l.name(0) == "treasury");
  CHECK(l.kind(0) == AccountKind::Treasury);
  CHECK(l.index(0) == 0);
  CHECK(l.balance(0) == 1'000'000'000'000'000'000);
  CHECK(l.initial_supply() == 1'000'000'000'000'000'000);
  CHECK(l.supply() == 1'000'000'000'000'000'000);
  CHECK(l.holdings() == 1'000'000'000'000'000'000);
  CHECK(l.conserved());
  CHECK(l.minted() == 0);
  CHECK(l.burned() == 0);
  CHECK(l.total_staked() == 0);
  CHECK(l.total_unbonding() == 0);
  CHECK(Ledger(0, 0.0).conserved());
}

TEST_CASE("accounts open empty, in id order, with kind[index] names") {
  Ledger l(1000, 10.0);
  CHECK(l.open(AccountKind::Operator, 3) == 1);
  CHECK(l.open(AccountKind::User, 0) == 2);
  CHECK(l.open(AccountKind::Verifier, 2) == 3);
  CHECK(l.open(AccountKind::Validator, 1) == 4);
  CHECK(l.open(AccountKind::Treasury, 1) == 5);
  CHECK(l.open(AccountKind::User, 3) == 6);  // same index, other kind: a different account
  CHECK(l.accounts() == 7);
  CHECK(l.name(1) == "operator[3]");
  CHECK(l.name(2) == "user[0]");
  CHECK(l.name(3) == "verifier[2]");
  CHECK(l.name(4) == "validator[1]");
  CHECK(l.name(5) == "treasury[1]");
  CHECK(l.kind(1) == AccountKind::Operator);
  CHECK(l.index(1) == 3);
  for (AccountId a = 1; a < l.accounts(); ++a) CHECK(l.balance(a) + l.staked(a) + l.unbonding(a) == 0);
  check_refused(l, [&] { l.open(AccountKind::Operator, 3); }, "account operator[3] is already open");
  check_refused(l, [&] { l.open(AccountKind::Treasury, 0); }, "account treasury[0] is already open");
}

TEST_CASE("transfer, stake, mint and burn move exact amounts") {
  Ledger l(1000, 10.0);
  const AccountId op = l.open(AccountKind::Operator, 3);
  const AccountId user = l.open(AccountKind::User, 0);
  l.transfer(l.treasury(), op, 300);
  CHECK(l.balance(0) == 700);
  CHECK(l.balance(op) == 300);
  l.transfer(op, op, 300);  // to itself: nothing moves
  l.transfer(op, user, 0);  // zero: nothing moves
  CHECK(l.balance(op) == 300);
  CHECK(l.balance(user) == 0);
  l.transfer(op, user, 300);  // the whole balance
  CHECK(l.balance(op) == 0);
  CHECK(l.balance(user) == 300);

  l.stake(user, 120);
  CHECK(l.balance(user) == 180);
  CHECK(l.staked(user) == 120);
  CHECK(l.total_staked() == 120);

  l.mint(op, 50);
  CHECK(l.balance(op) == 50);
  CHECK(l.minted() == 50);
  CHECK(l.supply() == 1050);
  l.burn(user, 80);
  CHECK(l.balance(user) == 100);
  CHECK(l.burned() == 80);
  CHECK(l.supply() == 970);
  CHECK(l.holdings() == 970);
  CHECK(l.conserved());
}

TEST_CASE("refused operations name the account and amounts and change nothing") {
  Ledger l(1000, 10.0);
  const AccountId op = l.open(AccountKind::Operator, 3);
  const AccountId user = l.open(AccountKind::User, 0);
  l.transfer(0, op, 5);
  l.transfer(0, user, 20);
  l.stake(user, 10);
  l.unstake(user, 4, 2.0);

  check_refused(l, [&] { l.transfer(user, op, -5); }, "negative amount -5 for transfer from user[0]");
  check_refused(l, [&] { l.transfer(op, user, 7); }, "overdraft: operator[3] has 5 base units, transfer of 7 refused");
  check_refused(l, [&] { l.transfer(op, 9, 1); }, "unknown account id 9 (the ledger has 3 accounts)");
  check_refused(l, [&] { l.transfer(9, op, 1); }, "unknown account id 9 (the ledger has 3 accounts)");
  check_refused(l, [&] { l.stake(op, -1); }, "negative amount -1 for stake by operator[3]");
  check_refused(l, [&] { l.stake(op, 6); }, "overdraft: operator[3] has 5 base units, stake of 6 refused");
  check_refused(l, [&] { l.unstake(user, -2, 3.0); }, "negative amount -2 for unstake by user[0]");
  check_refused(l, [&] { l.unstake(user, 7, 3.0); }, "unstake: user[0] has 6 base units staked, unstake of 7 refused");
  check_refused(l, [&] { l.unstake(user, 1, 1.5); },
                "unstake at 1.5 s refused: time went backward (the ledger has seen 2 s)");
  check_refused(l, [&] { l.unstake(user, 1, NAN); }, "unstake at nan s refused: time must be finite");
  check_refused(l, [&] { l.release_unbonded(1.0); },
                "release_unbonded at 1 s refused: time went backward (the ledger has seen 2 s)");
  check_refused(l, [&] { l.release_unbonded(INFINITY); }, "release_unbonded at inf s refused: time must be finite");
  check_refused(l, [&] { l.slash(user, -3, SlashDestination::Burn); }, "negative amount -3 for slash of user[0]");
  check_refused(l, [&] { l.slash(3, 1, SlashDestination::Treasury); },
                "unknown account id 3 (the ledger has 3 accounts)");
  check_refused(l, [&] { l.slash_fraction(user, 1.5, SlashDestination::Burn); },
                "slash_fraction of user[0]: fraction 1.5 is not in [0, 1]");
  check_refused(l, [&] { l.slash_fraction(user, -0.0001, SlashDestination::Burn); },
                "slash_fraction of user[0]: fraction -0.0001 is not in [0, 1]");
  check_refused(l, [&] { l.slash_fraction(user, NAN, SlashDestination::Burn); },
                "slash_fraction of user[0]: fraction nan is not in [0, 1]");
  check_refused(l, [&] { l.mint(op, -1); }, "negative amount -1 for mint to operator[3]");
  check_refused(l, [&] { l.mint(op, kMax); },
                "mint of 9223372036854775807 to operator[3] refused: initial supply 1000 + minted 0 would pass int64");
  check_refused(l, [&] { l.burn(user, -1); }, "negative amount -1 for burn from user[0]");
  check_refused(l, [&] { l.burn(user, 11); }, "overdraft: user[0] has 10 base units, burn of 11 refused");
  check_refused(l, [&] { (void)l.name(77); }, "unknown account id 77 (the ledger has 3 accounts)");
  check_refused(l, [&] { (void)l.balance(3); }, "unknown account id 3 (the ledger has 3 accounts)");

  CHECK_THROWS_WITH_AS(Ledger(-1, 10.0), "ledger: negative initial supply -1", LedgerError);
  CHECK_THROWS_WITH_AS(Ledger(0, -1.0), "ledger: unbonding period -1 s must be a finite number >= 0", LedgerError);
  CHECK_THROWS_AS(Ledger(0, INFINITY), LedgerError);
}

TEST_CASE("minting stops exactly at int64") {
  Ledger l(1'000'000'000'000'000'000, 0.0);
  const AccountId u = l.open(AccountKind::User, 0);
  const Amount room = kMax - 1'000'000'000'000'000'000;
  l.mint(u, room - 1);
  l.mint(u, 1);
  CHECK(l.supply() == kMax);
  CHECK(l.conserved());
  check_refused(l, [&] { l.mint(u, 1); },
                "mint of 1 to user[0] refused: initial supply 1000000000000000000 + minted 8223372036854775807 would "
                "pass int64");
  l.mint(u, 0);  // zero still fits
  // Burning does not give minting room back: minted counts everything ever minted.
  l.burn(u, 5);
  CHECK(l.supply() == kMax - 5);
  CHECK_THROWS_AS(l.mint(u, 1), LedgerError);
  CHECK(l.burned() == 5);
  CHECK(l.conserved());
}

TEST_CASE("unbonded tokens come back exactly at now + unbonding_s, not before") {
  Ledger l(1000, 100.0);
  const AccountId a = l.open(AccountKind::Validator, 0);
  const AccountId b = l.open(AccountKind::Validator, 1);
  l.transfer(0, a, 100);
  l.transfer(0, b, 100);
  l.stake(a, 100);
  l.stake(b, 100);
  l.unstake(a, 30, 10.0);  // release at 110
  l.unstake(b, 20, 10.0);  // release at 110
  l.unstake(a, 5, 25.0);   // release at 125
  l.unstake(a, 0, 26.0);   // nothing unbonds
  CHECK(l.staked(a) == 65);
  CHECK(l.unbonding(a) == 35);
  CHECK(l.unbonding(b) == 20);
  CHECK(l.total_staked() == 145);
  CHECK(l.total_unbonding() == 55);
  CHECK(l.conserved());

  l.release_unbonded(109.99999999999999);
  CHECK(l.total_unbonding() == 55);
  CHECK(l.balance(a) == 0);
  l.release_unbonded(110.0);
  CHECK(l.balance(a) == 30);
  CHECK(l.balance(b) == 20);
  CHECK(l.unbonding(a) == 5);
  CHECK(l.unbonding(b) == 0);
  CHECK(l.total_unbonding() == 5);
  l.release_unbonded(110.0);  // again at the same time: nothing more
  CHECK(l.balance(a) == 30);
  l.release_unbonded(124.0);
  CHECK(l.balance(a) == 30);
  l.release_unbonded(125.0);
  CHECK(l.balance(a) == 35);
  CHECK(l.total_unbonding() == 0);
  CHECK(l.conserved());

  // With a zero unbonding period tokens come back at the same instant.
  Ledger z(10, 0.0);
  z.stake(0, 10);
  z.unstake(0, 4, 7.0);
  CHECK(z.unbonding(0) == 4);
  z.release_unbonded(7.0);
  CHECK(z.balance(0) == 4);
  CHECK(z.staked(0) == 6);
}

TEST_CASE("slash takes stake first, then unbonding entries newest first") {
  Ledger l(1000, 100.0);
  const AccountId v = l.open(AccountKind::Verifier, 0);
  const AccountId other = l.open(AccountKind::Verifier, 1);
  l.transfer(0, v, 100);
  l.transfer(0, other, 100);
  l.stake(v, 100);
  l.stake(other, 100);
  l.unstake(v, 30, 1.0);      // entry 1: 30, release 101
  l.unstake(other, 40, 1.5);  // another account's entry in between
  l.unstake(v, 20, 2.0);      // entry 2: 20, release 102
  CHECK(l.staked(v) == 50);

  // 50 from stake, then 10 of entry 2 (the newest)
  CHECK(l.slash(v, 60, SlashDestination::Burn) == 60);
  CHECK(l.staked(v) == 0);
  CHECK(l.unbonding(v) == 40);
  CHECK(l.burned() == 60);
  CHECK(l.supply() == 940);
  CHECK(l.conserved());
  // the rest of entry 2 (10), then 15 of entry 1; to the treasury this time
  const Amount treasury_before = l.balance(0);
  CHECK(l.slash(v, 25, SlashDestination::Treasury) == 25);
  CHECK(l.unbonding(v) == 15);
  CHECK(l.balance(0) == treasury_before + 25);
  CHECK(l.burned() == 60);
  CHECK(l.supply() == 940);
  CHECK(l.conserved());
  CHECK(l.unbonding(other) == 40);  // untouched
  CHECK(l.staked(other) == 60);

  // A new unbond after the newest was emptied: slashing takes it before entry 1.
  l.transfer(0, v, 8);
  l.stake(v, 8);
  l.unstake(v, 8, 3.0);  // entry 3: 8, release 103
  CHECK(l.slash(v, 9, SlashDestination::Burn) == 9);  // all of entry 3, 1 of entry 1
  CHECK(l.unbonding(v) == 14);

  // Entry 1 keeps its release time: 14 come back at 101, nothing at 102 or 103.
  l.release_unbonded(101.0);
  CHECK(l.balance(v) == 14);
  CHECK(l.unbonding(v) == 0);
  CHECK(l.balance(other) == 0);
  l.release_unbonded(103.0);
  CHECK(l.balance(v) == 14);
  CHECK(l.balance(other) == 40);
  CHECK(l.total_unbonding() == 0);
  CHECK(l.conserved());

  // Too little to take is not an error: the slash returns what it found.
  CHECK(l.slash(v, 1000, SlashDestination::Burn) == 0);
  CHECK(l.slash(other, 1000, SlashDestination::Treasury) == 60);
  CHECK(l.staked(other) == 0);
  CHECK(l.slash(other, 0, SlashDestination::Burn) == 0);
  CHECK(l.conserved());

  // Slashing the treasury's own stake into the treasury moves it back to its balance.
  l.stake(0, 100);
  const Amount bal = l.balance(0);
  CHECK(l.slash(0, 40, SlashDestination::Treasury) == 40);
  CHECK(l.balance(0) == bal + 40);
  CHECK(l.staked(0) == 60);
  CHECK(l.conserved());
}

TEST_CASE("slash_fraction rounds down and reads decimal fractions exactly") {
  Ledger l(kMax, 10.0);
  const AccountId a = l.open(AccountKind::Operator, 0);
  auto staked_slash = [&](Amount staked, double fraction) {
    l.slash(a, l.staked(a), SlashDestination::Treasury);  // back to zero
    l.transfer(0, a, staked);
    l.stake(a, staked);
    const Amount taken = l.slash_fraction(a, fraction, SlashDestination::Treasury);
    CHECK(l.staked(a) == staked - taken);
    CHECK(l.conserved());
    return taken;
  };
  // 10 * 0.3: the double 0.3 is 0.29999999999999998890, but the ledger reads it as 3/10.
  CHECK(staked_slash(10, 0.3) == 3);
  CHECK(staked_slash(999, 0.5) == 499);  // 499.5 -> 499
  CHECK(staked_slash(7, 0.1) == 0);      // 0.7 -> 0
  CHECK(staked_slash(1'000'000'000'000'000'007, 0.05) == 50'000'000'000'000'000);  // ...000.35 -> ...000
  CHECK(staked_slash(123'456'789, 0.01) == 1'234'567);
  CHECK(staked_slash(3'000'000'000'000'000, 1.0 / 3.0) == 999'999'999'999'999);  // q = 333333333333333e-15
  CHECK(staked_slash(1000, 0.0) == 0);
  CHECK(staked_slash(1000, 1.0) == 1000);
  CHECK(staked_slash(kMax / 2, 1.0) == kMax / 2);  // no overflow in the product
  CHECK(staked_slash(kMax / 2, 0.999) == static_cast<Amount>(static_cast<__int128_t>(kMax / 2) * 999 / 1000));
  CHECK(staked_slash(1'000'000'000'000'000'000, 1e-15) == 1000);
  CHECK(staked_slash(1'000'000'000'000'000'000, 4e-16) == 0);  // below the 1e-15 grain: rounds to 0
  // The amount is a fraction of the stake alone: unbonding entries neither count nor get touched.
  l.slash(a, l.staked(a), SlashDestination::Treasury);
  l.transfer(0, a, 100);
  l.stake(a, 100);
  l.unstake(a, 60, 0.0);
  CHECK(l.slash_fraction(a, 0.5, SlashDestination::Burn) == 20);
  CHECK(l.unbonding(a) == 60);
}

TEST_CASE("OPG and base units convert with rounding to the nearest unit") {
  CHECK(kUnitsPerOpg == 1'000'000'000);
  CHECK(opg_to_units(1.0) == 1'000'000'000);
  CHECK(opg_to_units(0.1) == 100'000'000);
  CHECK(opg_to_units(0.3) == 300'000'000);
  CHECK(opg_to_units(1e9) == 1'000'000'000'000'000'000);  // the whole 1e9 OPG supply
  CHECK(opg_to_units(1.4e-9) == 1);
  CHECK(opg_to_units(2.6e-9) == 3);
  CHECK(opg_to_units(0.0) == 0);
  CHECK(opg_to_units(-0.0) == 0);
  CHECK(opg_to_units(9.2e9) == 9'200'000'000'000'000'000);
  CHECK_THROWS_WITH_AS(opg_to_units(-1.0), "OPG amount -1: must be a finite number >= 0", opgsim::InputError);
  CHECK_THROWS_AS(opg_to_units(NAN), opgsim::InputError);
  CHECK_THROWS_AS(opg_to_units(INFINITY), opgsim::InputError);
  CHECK_THROWS_AS(opg_to_units(9.3e9), opgsim::InputError);
  CHECK_THROWS_AS(opg_to_units(1e300), opgsim::InputError);
  CHECK(units_to_opg(1'500'000'000) == 1.5);
  CHECK(units_to_opg(0) == 0.0);
  CHECK(units_to_opg(1) == doctest::Approx(1e-9));
  CHECK(units_to_opg(1'000'000'000'000'000'000) == 1e9);
}
