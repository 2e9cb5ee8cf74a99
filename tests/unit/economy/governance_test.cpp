// Governance: a proposal passes or fails at the end of its voting period by quorum and
// threshold, hand-checked at the boundaries; one vote per voter; votes after the end ignored.
#include <doctest/doctest.h>

#include "models/common/input_error.hpp"
#include "models/economy/governance.hpp"

using namespace opgsim::economy;

TEST_CASE("governance: quorum 33.4 % and threshold 50 % at their boundaries") {
  Governance g{GovernanceConfig{}};
  const auto a = g.submit(ProposalKind::SetFee, 0.5, 0, "fee cut", 100);
  const auto b = g.submit(ProposalKind::SetFee, 0.5, 0, "fee cut", 100);
  const auto c = g.submit(ProposalKind::TreasurySpend, 0, 5 * kUnitsPerOpg, "grant", 100);
  CHECK(g.proposal(a).voting_ends_s == 100 + 172800);
  // a: 334 of 1000 turn out, 170 yes / 164 no: quorum met exactly, majority -> passed
  CHECK(g.vote(a, 1, Vote::Yes, 170, 200));
  CHECK(g.vote(a, 2, Vote::No, 164, 200));
  // b: 333 turn out (all yes): quorum missed by one unit -> rejected
  CHECK(g.vote(b, 1, Vote::Yes, 333, 200));
  // c: 600 turn out, 250 yes / 250 no / 100 abstain: a tie is not > 50 % -> rejected
  CHECK(g.vote(c, 1, Vote::Yes, 250, 200));
  CHECK(g.vote(c, 2, Vote::No, 250, 200));
  CHECK(g.vote(c, 3, Vote::Abstain, 100, 200));
  CHECK_FALSE(g.vote(c, 3, Vote::Yes, 100, 300));  // one vote per voter
  CHECK(g.tally(172899, 1000).empty());              // still open
  CHECK(g.open().size() == 3);
  const auto closed = g.tally(172900, 1000);
  REQUIRE(closed.size() == 3);
  CHECK(closed[0] == a);
  CHECK(g.proposal(a).status == ProposalStatus::Passed);
  CHECK(g.proposal(b).status == ProposalStatus::Rejected);
  CHECK(g.proposal(c).status == ProposalStatus::Rejected);
  CHECK_FALSE(g.vote(a, 9, Vote::Yes, 1000, 172900));  // closed
  CHECK(g.open().empty());
}

TEST_CASE("governance: votes at or after the end of voting do not count") {
  Governance g{GovernanceConfig{10, 0.5, 0.5}};
  const auto p = g.submit(ProposalKind::SetSlashFraction, 0.1, 0, "", 0);
  CHECK(g.vote(p, 1, Vote::Yes, 60, 9.5));
  CHECK_FALSE(g.vote(p, 2, Vote::No, 100, 10));
  g.tally(10, 100);
  CHECK(g.proposal(p).status == ProposalStatus::Passed);
  CHECK(g.proposal(p).no == 0);
}

TEST_CASE("governance: bad settings are one-line errors") {
  CHECK_THROWS_WITH_AS(Governance(GovernanceConfig{0, 0.3, 0.5}),
                       "economy.governance.voting_period_s: must be a finite number > 0, got 0", opgsim::InputError);
  CHECK_THROWS_WITH_AS(Governance(GovernanceConfig{10, 1.5, 0.5}),
                       "economy.governance.quorum: must be a number in [0, 1], got 1.5", opgsim::InputError);
}
