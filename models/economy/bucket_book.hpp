// The allocation buckets in the ledger: one account per bucket, what each has unlocked and spent.
//
// At genesis the whole supply moves from the treasury into the buckets' accounts (so supply is
// fixed and every token sits in a bucket, the treasury or an account that got it from one). As
// time passes each bucket unlocks by its schedule (models/economy/vesting.hpp): an ecosystem
// bucket's unlocked tokens go to the treasury's balance (the treasury is the ecosystem fund that
// pays genesis stakes and sells users their tokens); every other bucket keeps its tokens until
// the economy spends them (staking rewards from the staking-rewards bucket, holders' delegation
// from holder buckets). Spending never takes more than a bucket has unlocked and not yet spent.
#pragma once

#include <cstddef>
#include <vector>

#include "models/economy/allocation.hpp"
#include "models/economy/ledger.hpp"

namespace opgsim::economy {

class BucketBook {
public:
  // Opens account (Bucket, i) for every bucket and transfers its amount from the treasury
  // (LedgerError if the treasury holds less than the allocation's total), then unlocks t = 0.
  BucketBook(Ledger& ledger, Allocation allocation);

  // Unlocks up to time t (seconds since TGE; never backward): ecosystem buckets' newly unlocked
  // tokens go to the treasury. Returns what went to the treasury.
  Amount unlock(Ledger& ledger, double t);
  // Unlocked and not yet spent (for an ecosystem bucket: 0, it went to the treasury).
  Amount available(std::size_t i) const { return unlocked_[i] - spent_[i]; }
  // Transfers min(amount, available(i)) from bucket i to `to`; returns what it moved.
  Amount spend(Ledger& ledger, std::size_t i, AccountId to, Amount amount);

  std::size_t size() const { return accounts_.size(); }
  const Allocation& allocation() const { return allocation_; }
  AccountId account(std::size_t i) const { return accounts_[i]; }
  Amount unlocked(std::size_t i) const { return unlocked_[i]; }
  Amount spent(std::size_t i) const { return spent_[i]; }
  // The staking-rewards bucket's index, or -1.
  std::ptrdiff_t staking() const { return staking_; }

private:
  Allocation allocation_;
  std::vector<AccountId> accounts_;
  std::vector<Amount> unlocked_, spent_;
  std::ptrdiff_t staking_;
  double last_t_ = 0;
};

}  // namespace opgsim::economy
