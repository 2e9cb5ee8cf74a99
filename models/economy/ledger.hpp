// The token ledger of the economy: balances, stakes, unbonding queues, slashing, mint and burn.
//
// Every OPG in the simulation lives in exactly one place: an account's balance, its stake, or
// one of its unbonding entries. Amounts are integer base units (1 OPG = 1e9 units; DESIGN.md:
// token amounts are never doubles), so conservation is exact: holdings() == supply() after every
// operation. An operation that would break a rule (negative amount, overdraft, unstaking more
// than is staked, unknown account, minting past int64, time going backward) throws LedgerError
// with a one-line message and changes nothing.
//
// Unbonding: unstake() moves tokens into an unbonding entry released at now + unbonding_s. All
// entries of all accounts sit in one FIFO queue ordered by release time (time never goes
// backward, so appending keeps it sorted) and release_unbonded() pops from its front: O(number
// released). Each account also links its own live entries oldest -> newest (two sequence
// numbers per entry, so an account costs no allocation of its own), which slash() walks from the
// newest end: O(1 + entries it empties), amortised O(1). An entry emptied by a slash is unlinked
// from its account at once and dropped, with amount 0, when the queue reaches it.
#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

namespace opgsim::economy {

using Amount = std::int64_t;  // base units
// 1 OPG = 1e9 base units ("nano-OPG"): a 1e9 OPG supply is 1e18 units, which fits int64.
inline constexpr Amount kUnitsPerOpg = 1'000'000'000;

// OPG (a config value) to base units, rounded to the nearest unit. Throws InputError if opg is
// negative, not finite, or more than int64 base units (about 9.22e9 OPG).
Amount opg_to_units(double opg);
// Base units to OPG, for reports (a double: exact only up to 2^53 units, about 9e6 OPG).
double units_to_opg(Amount units);
// floor(x) of a non-negative amount of base units computed in floating point, saturating at the
// largest Amount (0 for x <= 0 or NaN), except that x within 1e-12 (relative) below an integer
// gives that integer: a few ulps of binary noise must not cost a whole unit.
Amount floor_units(double x);

// Pool: the amm market's OPG reserve (sim/engine/economy_market.hpp); Bucket: an allocation
// bucket's account (models/economy/bucket_book.hpp); Delegator: the holders' stake delegated to
// one staking node (index: the node's place in the economy's list); Builder: app builders paid
// the ecosystem fund's grants; Holder: holder-bucket tokens unlocked after genesis, awaiting sale;
// Data, Storage: those roles' operators, who have accounts only when they are agents
// (economy.roles.<role>.decide); Escrow: x402 fee shares held for the roles that serve a request
// after its charge settled (verifier, validator, prover), until they do (sim/engine/economy_escrow.cpp).
enum class AccountKind : std::uint8_t { User, Operator, Verifier, Validator, Treasury, Prover, Pool, Bucket, Delegator,
                                        Builder, Holder, Data, Storage, Escrow };
// The kind's name as accounts.csv and error messages write it ("user", "pool", "bucket", ...).
const char* kind_name(AccountKind k);
using AccountId = std::uint32_t;
enum class SlashDestination { Burn, Treasury };

// A refused ledger operation (one-line message); the ledger is unchanged when it is thrown.
class LedgerError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Ledger {
public:
  // Genesis: the whole initial supply sits in the treasury account (id 0, AccountKind::Treasury,
  // index 0). Throws LedgerError for a negative supply or a negative / non-finite unbonding_s
  // (the scenario validator should have caught both with a better message).
  Ledger(Amount initial_supply, double unbonding_s);

  AccountId treasury() const { return 0; }
  // A new empty account, e.g. (Operator, 3). Each (kind, index) may be opened once: a second
  // open is a LedgerError (its name would be ambiguous in every message).
  AccountId open(AccountKind kind, std::uint32_t index);
  // "treasury" (the genesis treasury, index 0), "treasury[2]", "operator[3]", "user[0]", ...
  std::string name(AccountId a) const;

  void transfer(AccountId from, AccountId to, Amount amount);
  void stake(AccountId a, Amount amount);                 // balance -> staked
  void unstake(AccountId a, Amount amount, double now);  // staked -> unbonding until now + unbonding_s
  // Redelegation: `amount` of from's stake becomes to's stake at once, without unbonding
  // (as a Cosmos redelegation); total staked is unchanged.
  void restake(AccountId from, AccountId to, Amount amount);
  // Every unbonding entry with release time <= now goes back to its account's balance.
  void release_unbonded(double now);
  // Takes up to `amount` from the account's stake, then from its unbonding entries (newest
  // first), and burns it or sends it to the treasury's balance. Returns what was taken
  // (<= amount; having too little stake is not an error).
  Amount slash(AccountId a, Amount amount, SlashDestination dest);
  // Slashes floor(staked(a) * fraction), fraction in [0, 1]. Rounding: the fraction is first
  // rounded to the nearest multiple of 1e-15 (a double carries 15.9 significant digits, so a
  // decimal fraction such as 0.3 is recovered exactly rather than as 0.29999999999999998890),
  // then the amount is floor(staked * q / 1e15) in 128-bit integers: exact, rounded down.
  Amount slash_fraction(AccountId a, double fraction, SlashDestination dest);
  // New tokens into a balance. Refused once initial supply + everything ever minted would pass
  // int64, which keeps supply, minted and burned (burned <= initial + minted) all within int64.
  void mint(AccountId to, Amount amount);
  void burn(AccountId from, Amount amount);  // tokens out of a balance and out of supply

  Amount balance(AccountId a) const { return at(a).balance; }
  Amount staked(AccountId a) const { return at(a).staked; }
  Amount unbonding(AccountId a) const { return at(a).unbonding; }
  Amount total_staked() const { return total_staked_; }
  Amount total_unbonding() const { return total_unbonding_; }
  Amount initial_supply() const { return initial_supply_; }
  Amount minted() const { return minted_; }
  Amount burned() const { return burned_; }
  Amount supply() const { return initial_supply_ + minted_ - burned_; }
  double unbonding_s() const { return unbonding_s_; }

  std::size_t accounts() const { return accounts_.size(); }
  AccountKind kind(AccountId a) const { return at(a).kind; }
  std::uint32_t index(AccountId a) const { return at(a).index; }

  // Sum over accounts of balance + staked + unbonding, walking every account (not a cached
  // counter), in 128 bits; conservation holds when it equals supply().
  __int128_t holdings() const;
  bool conserved() const { return holdings() == supply(); }

private:
  static constexpr std::uint64_t kNone = std::numeric_limits<std::uint64_t>::max();

  struct Account {
    Amount balance = 0;
    Amount staked = 0;
    Amount unbonding = 0;                 // sum of this account's live unbonding entries
    std::uint64_t unbond_oldest = kNone;  // sequence numbers of its live entries' two ends
    std::uint64_t unbond_newest = kNone;
    std::uint32_t index = 0;
    AccountKind kind = AccountKind::User;
  };
  // One unstake. Entry with sequence number s sits at queue_[s - queue_front_seq_].
  struct Unbond {
    double release_time;
    Amount amount;       // 0 once slashed away (then unlinked from its account)
    std::uint64_t older; // the same account's previous / next live entry, or kNone
    std::uint64_t newer;
    AccountId account;
  };

  const Account& at(AccountId a) const;
  Account& at(AccountId a) { return const_cast<Account&>(static_cast<const Ledger*>(this)->at(a)); }
  Unbond& entry(std::uint64_t seq) { return queue_[seq - queue_front_seq_]; }
  void check_amount(Amount amount, const char* op, const char* prep, AccountId a) const;
  void check_time(double now, const char* op);
  void overdraft(AccountId a, Amount amount, const char* op) const;
  static std::uint64_t key(AccountKind kind, std::uint32_t index) {
    return (static_cast<std::uint64_t>(kind) << 32) | index;
  }

  Amount initial_supply_;
  double unbonding_s_;
  Amount minted_ = 0;
  Amount burned_ = 0;
  Amount total_staked_ = 0;
  Amount total_unbonding_ = 0;
  double last_time_ = -std::numeric_limits<double>::infinity();  // latest now seen
  std::vector<Account> accounts_;
  std::unordered_set<std::uint64_t> opened_;  // key(kind, index) of every account
  std::deque<Unbond> queue_;                  // all live-or-emptied entries, release-time order
  std::uint64_t queue_front_seq_ = 0;
};

}  // namespace opgsim::economy
