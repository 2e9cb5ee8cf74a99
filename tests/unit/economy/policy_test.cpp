// The voters' rules (models/economy/policy.hpp): each node votes by its own profit, and a node
// the proposal does not touch does not vote.
#include <doctest/doctest.h>

#include "models/economy/policy.hpp"

using namespace opgsim::economy;

namespace {
Proposal proposal(ProposalKind kind, double value) {
  Proposal p;
  p.kind = kind;
  p.value = value;
  return p;
}
}  // namespace

TEST_CASE("a fee change is judged by fee revenue x m^(1 - elasticity)") {
  const VoterTraits op{.routed_operator = true, .earns_fees = true};
  Vote v{};
  // Halving the fee: revenue x 0.5^(1 - 0.5) = 0.71 with elasticity 0.5 (no), x 0.5^-0.5 = 1.41 with 1.5 (yes).
  REQUIRE(vote_for(proposal(ProposalKind::SetFee, 0.5), op, 1.0, 0.5, v));
  CHECK(v == Vote::No);
  REQUIRE(vote_for(proposal(ProposalKind::SetFee, 0.5), op, 1.0, 1.5, v));
  CHECK(v == Vote::Yes);
  // Unit elasticity: revenue unchanged, abstain (counts for the quorum only).
  REQUIRE(vote_for(proposal(ProposalKind::SetFee, 0.5), op, 1.0, 1.0, v));
  CHECK(v == Vote::Abstain);
  // Relative to the fee in force: 0.5 when 0.25 is in force is a rise.
  REQUIRE(vote_for(proposal(ProposalKind::SetFee, 0.5), op, 0.25, 0.5, v));
  CHECK(v == Vote::Yes);
  // A node with no fee share does not vote on fees.
  CHECK_FALSE(vote_for(proposal(ProposalKind::SetFee, 0.5), VoterTraits{}, 1.0, 0.5, v));
}

TEST_CASE("reward, slash and subsidy proposals are judged by who gains") {
  const VoterTraits op{.routed_operator = true, .earns_fees = true}, validator{};
  Vote v{};
  REQUIRE(vote_for(proposal(ProposalKind::SetRewardRate, 2), validator, 1, 0, v));
  CHECK(v == Vote::Yes);
  REQUIRE(vote_for(proposal(ProposalKind::SetRewardRate, 0.5), op, 1, 0, v));
  CHECK(v == Vote::No);
  REQUIRE(vote_for(proposal(ProposalKind::SetSlashFraction, 0.01), op, 0.05, 0, v));
  CHECK(v == Vote::Yes);
  REQUIRE(vote_for(proposal(ProposalKind::SetSlashFraction, 0.1), op, 0.05, 0, v));
  CHECK(v == Vote::No);
  CHECK_FALSE(vote_for(proposal(ProposalKind::SetSlashFraction, 0.1), validator, 0.05, 0, v));
  REQUIRE(vote_for(proposal(ProposalKind::SetSubsidy, 2), op, 0, 0, v));
  CHECK(v == Vote::Yes);
  CHECK_FALSE(vote_for(proposal(ProposalKind::SetSubsidy, 2), validator, 0, 0, v));
  REQUIRE(vote_for(proposal(ProposalKind::TreasurySpend, 0), op, 0, 0, v));
  CHECK(v == Vote::Yes);
  CHECK_FALSE(vote_for(proposal(ProposalKind::TreasurySpend, 0), validator, 0, 0, v));
}
