// Stake-weighted on-chain governance: proposals, a voting period, quorum and threshold.
//
// Follows the Cosmos SDK x/gov rules OpenGradient's chain (og-evm) runs: a proposal is open for
// a voting period (og-evm default 172,800 s, notes §1.4), voters' weight is their bonded stake at
// the time they vote, it passes when turnout (voted stake / total bonded stake at the end) reaches
// the quorum and yes / (yes + no) exceeds the threshold (Cosmos defaults: quorum 33.4 %,
// threshold 50 %; abstain counts for the quorum only). What a proposal changes is the economy's
// business: here it is a kind and a value, executed by the caller when tally() says it passed.
// Who proposes and how each voter votes are rules of the scenario, applied by the caller.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/economy/ledger.hpp"

namespace opgsim::economy {

struct GovernanceConfig {
  double voting_period_s = 172800;  // og-evm default (notes §1.4)
  double quorum = 0.334;            // Cosmos SDK x/gov default
  double threshold = 0.5;           // Cosmos SDK x/gov default
  // Throws InputError "<prefix>.<key>: must be <rule>, got <value>".
  void validate(const char* prefix) const;
};

enum class ProposalKind { SetFee, SetRewardRate, SetSlashFraction, TreasurySpend, SetSubsidy };
// "set_fee", "set_reward_rate", "set_slash_fraction", "treasury_spend", "set_subsidy" (events.csv,
// the user policy's snapshot).
const char* proposal_kind_name(ProposalKind k);
enum class Vote { Yes, No, Abstain };
enum class ProposalStatus { Voting, Passed, Rejected };

struct Proposal {
  std::uint32_t id = 0;
  ProposalKind kind = ProposalKind::SetFee;
  double value = 0;              // the new parameter value (SetFee: the fee multiplier, ...)
  Amount amount = 0;             // TreasurySpend: base units
  std::string reason;            // the rule that proposed it, for events.csv
  double submitted_s = 0;
  double voting_ends_s = 0;
  Amount yes = 0, no = 0, abstain = 0;  // stake-weighted tallies so far
  ProposalStatus status = ProposalStatus::Voting;
};

class Governance {
public:
  explicit Governance(const GovernanceConfig& cfg);  // validates ("economy.governance")

  // Opens a proposal at `now`; returns its id (ids count from 0).
  std::uint32_t submit(ProposalKind kind, double value, Amount amount, std::string reason, double now);
  // One voter's vote with weight `stake` (its bonded stake now); each voter votes once per
  // proposal (a second vote is ignored and returns false), only while voting is open.
  bool vote(std::uint32_t id, std::uint64_t voter, Vote choice, Amount stake, double now);
  // Closes every proposal whose voting period ended at or before `now`, judging it against the
  // total bonded stake `bonded` now, and returns their ids in id order (the order to execute).
  std::vector<std::uint32_t> tally(double now, Amount bonded);

  // Whether `voter` has voted on proposal `id` (a proposal's voters are forgotten once it closes).
  bool voted(std::uint32_t id, std::uint64_t voter) const;
  const Proposal& proposal(std::uint32_t id) const { return proposals_.at(id); }
  std::size_t size() const { return proposals_.size(); }
  // Proposals still open, oldest first.
  std::vector<std::uint32_t> open() const;
  const GovernanceConfig& config() const { return cfg_; }

private:
  GovernanceConfig cfg_;
  std::vector<Proposal> proposals_;
  std::vector<std::vector<std::uint64_t>> voters_;  // per proposal, sorted
  std::size_t first_open_ = 0;                      // proposals before this are closed
};

}  // namespace opgsim::economy
