// The token ledger: every check is done before the first write, so a refused operation (a
// LedgerError) leaves the ledger exactly as it was.
#include "models/economy/ledger.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/common/input_error.hpp"

namespace opgsim::economy {

namespace {
constexpr Amount kMaxAmount = std::numeric_limits<Amount>::max();
// slash_fraction's fraction is rounded to a multiple of 1 / kFractionScale (see the header).
constexpr std::int64_t kFractionScale = 1'000'000'000'000'000;  // 1e15

}  // namespace

const char* kind_name(AccountKind k) {
  switch (k) {
    case AccountKind::User: return "user";
    case AccountKind::Operator: return "operator";
    case AccountKind::Verifier: return "verifier";
    case AccountKind::Validator: return "validator";
    case AccountKind::Treasury: return "treasury";
    case AccountKind::Prover: return "prover";
    case AccountKind::Pool: return "pool";
    case AccountKind::Bucket: return "bucket";
    case AccountKind::Delegator: return "delegator";
    case AccountKind::Builder: return "builder";
    case AccountKind::Holder: return "holder";
    case AccountKind::Data: return "data";
    case AccountKind::Storage: return "storage";
    case AccountKind::Escrow: return "x402_escrow";
  }
  return "account?";
}

Amount opg_to_units(double opg) {
  if (!std::isfinite(opg) || opg < 0.0)
    throw InputError(fmt::format("OPG amount {}: must be a finite number >= 0", opg));
  // long double: 64-bit mantissa, so the product is rounded once, by roundl, not twice.
  const long double units = std::roundl(static_cast<long double>(opg) * kUnitsPerOpg);
  if (units >= 0x1p63L)
    throw InputError(fmt::format("OPG amount {}: more than int64 base units allow ({} OPG at most)", opg,
                                 static_cast<double>(kMaxAmount) / kUnitsPerOpg));
  return static_cast<Amount>(units);
}

double units_to_opg(Amount units) {
  return static_cast<double>(static_cast<long double>(units) / kUnitsPerOpg);
}

Amount floor_units(double x) {
  if (!(x > 0)) return 0;
  if (x >= 0x1.0p63) return std::numeric_limits<Amount>::max();
  const double r = std::nearbyint(x);
  if (r >= x && r - x <= 1e-12 * r && r < 0x1.0p63) return static_cast<Amount>(r);
  return static_cast<Amount>(std::floor(x));
}

Ledger::Ledger(Amount initial_supply, double unbonding_s)
    : initial_supply_(initial_supply), unbonding_s_(unbonding_s) {
  if (initial_supply < 0) throw LedgerError(fmt::format("ledger: negative initial supply {}", initial_supply));
  if (!std::isfinite(unbonding_s) || unbonding_s < 0.0)
    throw LedgerError(fmt::format("ledger: unbonding period {} s must be a finite number >= 0", unbonding_s));
  accounts_.push_back(Account{.balance = initial_supply, .index = 0, .kind = AccountKind::Treasury});
  opened_.insert(key(AccountKind::Treasury, 0));
}

const Ledger::Account& Ledger::at(AccountId a) const {
  if (a >= accounts_.size())
    throw LedgerError(fmt::format("unknown account id {} (the ledger has {} accounts)", a, accounts_.size()));
  return accounts_[a];
}

AccountId Ledger::open(AccountKind kind, std::uint32_t index) {
  if (opened_.contains(key(kind, index)))
    throw LedgerError(fmt::format("account {}[{}] is already open", kind_name(kind), index));
  if (accounts_.size() >= std::numeric_limits<AccountId>::max())
    throw LedgerError(fmt::format("cannot open {}[{}]: the ledger is full", kind_name(kind), index));
  opened_.insert(key(kind, index));
  accounts_.push_back(Account{.index = index, .kind = kind});
  return static_cast<AccountId>(accounts_.size() - 1);
}

std::string Ledger::name(AccountId a) const {
  const Account& acc = at(a);
  if (acc.kind == AccountKind::Treasury && acc.index == 0) return "treasury";
  if (acc.kind == AccountKind::Escrow && acc.index == 0) return "x402_escrow";
  return fmt::format("{}[{}]", kind_name(acc.kind), acc.index);
}

void Ledger::check_amount(Amount amount, const char* op, const char* prep, AccountId a) const {
  if (amount < 0) throw LedgerError(fmt::format("negative amount {} for {} {} {}", amount, op, prep, name(a)));
}

void Ledger::overdraft(AccountId a, Amount amount, const char* op) const {
  throw LedgerError(
      fmt::format("overdraft: {} has {} base units, {} of {} refused", name(a), at(a).balance, op, amount));
}

void Ledger::check_time(double now, const char* op) {
  if (!std::isfinite(now)) throw LedgerError(fmt::format("{} at {} s refused: time must be finite", op, now));
  if (now < last_time_)
    throw LedgerError(
        fmt::format("{} at {} s refused: time went backward (the ledger has seen {} s)", op, now, last_time_));
}

void Ledger::transfer(AccountId from, AccountId to, Amount amount) {
  Account& src = at(from);
  Account& dst = at(to);
  check_amount(amount, "transfer", "from", from);
  if (amount > src.balance) overdraft(from, amount, "transfer");
  src.balance -= amount;
  dst.balance += amount;  // <= supply <= int64 max
}

void Ledger::stake(AccountId a, Amount amount) {
  Account& acc = at(a);
  check_amount(amount, "stake", "by", a);
  if (amount > acc.balance) overdraft(a, amount, "stake");
  acc.balance -= amount;
  acc.staked += amount;
  total_staked_ += amount;
}

void Ledger::unstake(AccountId a, Amount amount, double now) {
  Account& acc = at(a);
  check_amount(amount, "unstake", "by", a);
  if (amount > acc.staked)
    throw LedgerError(fmt::format("unstake: {} has {} base units staked, unstake of {} refused", name(a),
                                  acc.staked, amount));
  check_time(now, "unstake");
  last_time_ = now;
  if (amount == 0) return;  // no empty entries
  const std::uint64_t seq = queue_front_seq_ + queue_.size();
  queue_.push_back(Unbond{.release_time = now + unbonding_s_,
                          .amount = amount,
                          .older = acc.unbond_newest,
                          .newer = kNone,
                          .account = a});
  if (acc.unbond_newest != kNone) entry(acc.unbond_newest).newer = seq;
  else acc.unbond_oldest = seq;
  acc.unbond_newest = seq;
  acc.staked -= amount;
  acc.unbonding += amount;
  total_staked_ -= amount;
  total_unbonding_ += amount;
}

void Ledger::restake(AccountId from, AccountId to, Amount amount) {
  Account& src = at(from);
  Account& dst = at(to);
  check_amount(amount, "restake", "from", from);
  if (amount > src.staked)
    throw LedgerError(fmt::format("restake: {} has {} base units staked, restake of {} refused", name(from),
                                  src.staked, amount));
  src.staked -= amount;
  dst.staked += amount;
}

void Ledger::release_unbonded(double now) {
  check_time(now, "release_unbonded");
  last_time_ = now;
  while (!queue_.empty() && queue_.front().release_time <= now) {
    const Unbond u = queue_.front();
    queue_.pop_front();
    ++queue_front_seq_;
    if (u.amount == 0) continue;  // slashed away and already unlinked
    // A live entry is its account's oldest: older live entries were released before it.
    Account& acc = accounts_[u.account];
    acc.unbond_oldest = u.newer;
    if (u.newer != kNone) entry(u.newer).older = kNone;
    else acc.unbond_newest = kNone;
    acc.unbonding -= u.amount;
    acc.balance += u.amount;
    total_unbonding_ -= u.amount;
  }
}

Amount Ledger::slash(AccountId a, Amount amount, SlashDestination dest) {
  Account& acc = at(a);
  check_amount(amount, "slash", "of", a);
  const Amount from_stake = std::min(amount, acc.staked);
  acc.staked -= from_stake;
  total_staked_ -= from_stake;
  Amount left = amount - from_stake;
  while (left > 0 && acc.unbond_newest != kNone) {
    Unbond& u = entry(acc.unbond_newest);
    const Amount take = std::min(left, u.amount);
    u.amount -= take;
    acc.unbonding -= take;
    total_unbonding_ -= take;
    left -= take;
    if (u.amount == 0) {  // emptied: unlink now, the queue drops it when its time comes
      acc.unbond_newest = u.older;
      if (u.older != kNone) entry(u.older).newer = kNone;
      else acc.unbond_oldest = kNone;
    }
  }
  const Amount taken = amount - left;
  if (dest == SlashDestination::Burn) burned_ += taken;
  else accounts_[treasury()].balance += taken;
  return taken;
}

Amount Ledger::slash_fraction(AccountId a, double fraction, SlashDestination dest) {
  const Account& acc = at(a);
  if (!(fraction >= 0.0 && fraction <= 1.0))
    throw LedgerError(fmt::format("slash_fraction of {}: fraction {} is not in [0, 1]", name(a), fraction));
  const auto q = static_cast<std::int64_t>(std::llroundl(static_cast<long double>(fraction) * kFractionScale));
  const auto amount = static_cast<Amount>(static_cast<__int128_t>(acc.staked) * q / kFractionScale);
  return slash(a, amount, dest);
}

void Ledger::mint(AccountId to, Amount amount) {
  Account& acc = at(to);
  check_amount(amount, "mint", "to", to);
  if (static_cast<__int128_t>(initial_supply_) + minted_ + amount > kMaxAmount)
    throw LedgerError(fmt::format("mint of {} to {} refused: initial supply {} + minted {} would pass int64",
                                  amount, name(to), initial_supply_, minted_));
  acc.balance += amount;
  minted_ += amount;
}

void Ledger::burn(AccountId from, Amount amount) {
  Account& acc = at(from);
  check_amount(amount, "burn", "from", from);
  if (amount > acc.balance) overdraft(from, amount, "burn");
  acc.balance -= amount;
  burned_ += amount;
}

__int128_t Ledger::holdings() const {
  __int128_t sum = 0;
  for (const Account& acc : accounts_) sum += static_cast<__int128_t>(acc.balance) + acc.staked + acc.unbonding;
  return sum;
}

}  // namespace opgsim::economy
