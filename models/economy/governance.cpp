// Proposal bookkeeping and the Cosmos-style tally (see governance.hpp).
#include "models/economy/governance.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::economy {

void GovernanceConfig::validate(const char* prefix) const {
  const auto bad = [&](const char* key, const char* rule, double v) {
    throw InputError(fmt::format("{}.{}: must be {}, got {}", prefix, key, rule, v));
  };
  if (!(voting_period_s > 0 && std::isfinite(voting_period_s))) bad("voting_period_s", "a finite number > 0", voting_period_s);
  if (!(quorum >= 0 && quorum <= 1)) bad("quorum", "a number in [0, 1]", quorum);
  if (!(threshold >= 0 && threshold < 1)) bad("threshold", "a number in [0, 1)", threshold);
}

const char* proposal_kind_name(ProposalKind k) {
  switch (k) {
    case ProposalKind::SetFee: return "set_fee";
    case ProposalKind::SetRewardRate: return "set_reward_rate";
    case ProposalKind::SetSlashFraction: return "set_slash_fraction";
    case ProposalKind::TreasurySpend: return "treasury_spend";
    case ProposalKind::SetSubsidy: return "set_subsidy";
  }
  return "?";
}

Governance::Governance(const GovernanceConfig& cfg) : cfg_(cfg) { cfg_.validate("economy.governance"); }

std::uint32_t Governance::submit(ProposalKind kind, double value, Amount amount, std::string reason, double now) {
  Proposal p;
  p.id = static_cast<std::uint32_t>(proposals_.size());
  p.kind = kind;
  p.value = value;
  p.amount = amount;
  p.reason = std::move(reason);
  p.submitted_s = now;
  p.voting_ends_s = now + cfg_.voting_period_s;
  proposals_.push_back(std::move(p));
  voters_.emplace_back();
  return proposals_.back().id;
}

bool Governance::vote(std::uint32_t id, std::uint64_t voter, Vote choice, Amount stake, double now) {
  Proposal& p = proposals_.at(id);
  if (p.status != ProposalStatus::Voting || now >= p.voting_ends_s || stake < 0) return false;
  auto& who = voters_[id];
  const auto it = std::lower_bound(who.begin(), who.end(), voter);
  if (it != who.end() && *it == voter) return false;
  who.insert(it, voter);
  (choice == Vote::Yes ? p.yes : choice == Vote::No ? p.no : p.abstain) += stake;
  return true;
}

bool Governance::voted(std::uint32_t id, std::uint64_t voter) const {
  const auto& who = voters_.at(id);
  return std::binary_search(who.begin(), who.end(), voter);
}

std::vector<std::uint32_t> Governance::tally(double now, Amount bonded) {
  std::vector<std::uint32_t> closed;
  for (std::size_t i = first_open_; i < proposals_.size(); ++i) {
    Proposal& p = proposals_[i];
    if (p.status != ProposalStatus::Voting || p.voting_ends_s > now) continue;
    // Exact comparisons in 128 bits against fractions rounded to 1e-9.
    const auto scale = static_cast<__int128_t>(1'000'000'000);
    const auto q = static_cast<__int128_t>(std::llround(cfg_.quorum * 1e9));
    const auto t = static_cast<__int128_t>(std::llround(cfg_.threshold * 1e9));
    const __int128_t turnout = static_cast<__int128_t>(p.yes) + p.no + p.abstain;
    const bool quorum_met = bonded > 0 && turnout * scale >= q * bonded;
    const bool majority = p.yes + p.no > 0 && static_cast<__int128_t>(p.yes) * scale > t * (static_cast<__int128_t>(p.yes) + p.no);
    p.status = quorum_met && majority ? ProposalStatus::Passed : ProposalStatus::Rejected;
    voters_[i].clear();
    voters_[i].shrink_to_fit();
    closed.push_back(p.id);
  }
  while (first_open_ < proposals_.size() && proposals_[first_open_].status != ProposalStatus::Voting) ++first_open_;
  return closed;
}

std::vector<std::uint32_t> Governance::open() const {
  std::vector<std::uint32_t> ids;
  for (std::size_t i = first_open_; i < proposals_.size(); ++i)
    if (proposals_[i].status == ProposalStatus::Voting) ids.push_back(proposals_[i].id);
  return ids;
}

}  // namespace opgsim::economy
