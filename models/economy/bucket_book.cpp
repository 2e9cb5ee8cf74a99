// The allocation buckets' accounts, unlocks and spending (see bucket_book.hpp).
#include "models/economy/bucket_book.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace opgsim::economy {

BucketBook::BucketBook(Ledger& ledger, Allocation allocation)
    : allocation_(std::move(allocation)), staking_(allocation_.find(BucketPurpose::StakingRewards)) {
  if (ledger.balance(ledger.treasury()) < allocation_.total())
    throw LedgerError(fmt::format("allocation of {} base units: the treasury holds only {}", allocation_.total(),
                                  ledger.balance(ledger.treasury())));
  for (std::size_t i = 0; i < allocation_.size(); ++i) {
    accounts_.push_back(ledger.open(AccountKind::Bucket, static_cast<std::uint32_t>(i)));
    ledger.transfer(ledger.treasury(), accounts_.back(), allocation_.amount(i));
  }
  unlocked_.assign(accounts_.size(), 0);
  spent_.assign(accounts_.size(), 0);
  unlock(ledger, 0);
}

Amount BucketBook::unlock(Ledger& ledger, double t) {
  if (!(t >= last_t_)) throw LedgerError(fmt::format("bucket unlock at {} s: time went backward from {} s", t, last_t_));
  last_t_ = t;
  Amount to_treasury = 0;
  for (std::size_t i = 0; i < accounts_.size(); ++i) {
    const Amount now = allocation_.unlocked(i, t);
    const Amount fresh = now - unlocked_[i];
    unlocked_[i] = now;
    if (fresh > 0 && allocation_.bucket(i).purpose == BucketPurpose::Ecosystem)
      to_treasury += spend(ledger, i, ledger.treasury(), fresh);
  }
  return to_treasury;
}

Amount BucketBook::spend(Ledger& ledger, std::size_t i, AccountId to, Amount amount) {
  const Amount moved = std::clamp<Amount>(amount, 0, available(i));
  if (moved == 0) return 0;
  ledger.transfer(accounts_[i], to, moved);
  spent_[i] += moved;
  return moved;
}

}  // namespace opgsim::economy
