// CometBFT-like timing: steady blocks, failed proposers' timeouts, halts without +2/3 up.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "models/chain/consensus.hpp"
#include "models/common/input_error.hpp"

using opgsim::Rng;
using namespace opgsim::chain;

namespace {
Rng rng() { return Rng::stream(42, "chain.consensus"); }
}  // namespace

TEST_CASE("with every validator up a block commits every block_time_s") {
  ConsensusState cs(ConsensusConfig{}, rng());
  for (int h = 1; h <= 10; ++h) {
    CHECK(cs.next_commit_time() == doctest::Approx(10.0 * h));
    const BlockCommit c = cs.commit();
    CHECK(c.height == static_cast<std::uint64_t>(h));
    CHECK(c.round == 0);
    CHECK(c.proposer == static_cast<std::uint32_t>(h % 4));  // round robin
  }
  CHECK(cs.failed_rounds() == 0);
  ConsensusState late(ConsensusConfig{}, rng(), 100.0);
  CHECK(late.next_commit_time() == 110.0);
}

TEST_CASE("a faulty proposer costs timeout_propose, the next one 0.5 s more") {
  ConsensusState cs(ConsensusConfig{}, rng());
  cs.set_faulty(1, true, 0);  // proposer of height 1 round 0; stands from the next height
  // The plan of height 1 was already made with validator 1 working.
  CHECK(cs.commit().commit_time == 10.0);
  // heights 2, 3, 4: proposers 2, 3, 0
  CHECK(cs.commit().commit_time == 20.0);
  CHECK(cs.commit().commit_time == 30.0);
  CHECK(cs.commit().commit_time == 40.0);
  // height 5: proposer 1 fails (3 s), round 1's proposer 2 commits
  BlockCommit c = cs.commit();
  CHECK(c.commit_time == 53.0);
  CHECK(c.round == 1);
  CHECK(c.proposer == 2);

  ConsensusState two(ConsensusConfig{}, rng());
  two.set_faulty(1, true, 0);
  two.set_faulty(2, true, 0);
  two.commit();  // height 1 at 10
  two.commit();  // height 2: proposer 2 fails (3 s), 3 commits: 23
  CHECK(two.planned().height == 3);
  // height 3: proposer 3 works: 33; height 5: proposers 1 and 2 fail: 3 + 3.5 s
  CHECK(two.commit().commit_time == 33.0);
  CHECK(two.commit().commit_time == 43.0);
  c = two.commit();
  CHECK(c.commit_time == doctest::Approx(43.0 + 3.0 + 3.5 + 10.0));
  CHECK(c.round == 2);
  CHECK(c.proposer == 3);
  CHECK(two.failed_rounds() == 1 + 2);
}

TEST_CASE("a down proposer also costs a round while quorum holds") {
  ConsensusState cs(ConsensusConfig{}, rng());
  cs.commit();               // height 1 at 10
  cs.set_up(3, false, 12);   // 3 of 4 up: quorum holds; height 2's plan stands
  CHECK(cs.commit().commit_time == 20.0);
  CHECK(cs.next_commit_time() == 33.0);  // height 3: proposer 3 is down
}

TEST_CASE("with a third or more down nothing commits until enough return") {
  ConsensusState cs(ConsensusConfig{}, rng());  // 4 validators: 2 down is half
  cs.set_up(0, false, 5);
  CHECK(cs.next_commit_time() == 10.0);
  cs.set_up(1, false, 6);
  CHECK_FALSE(cs.has_quorum());
  CHECK(std::isinf(cs.next_commit_time()));
  CHECK_THROWS_AS(cs.commit(), std::logic_error);
  cs.set_faulty(2, true, 20);  // other changes do not help
  cs.set_faulty(2, false, 21);
  CHECK(std::isinf(cs.next_commit_time()));
  cs.set_up(1, true, 50);  // repaired: height 1 restarts at 50; proposer 1 is up
  CHECK(cs.next_commit_time() == 60.0);
  BlockCommit c = cs.commit();
  CHECK(c.height == 1);
  CHECK(c.proposer == 1);

  // Exactly one third down is already too many; just under a third is not.
  ConsensusConfig three;
  three.validators = 3;
  ConsensusState c3(three, rng());
  c3.set_up(2, false, 1);
  CHECK(std::isinf(c3.next_commit_time()));
  ConsensusConfig seven;
  seven.validators = 7;
  ConsensusState c7(seven, rng());
  c7.set_up(5, false, 1);
  c7.set_up(6, false, 1);
  CHECK(c7.has_quorum());
  CHECK(c7.next_commit_time() == 10.0);
}

TEST_CASE("when no validator can propose the height stalls until one can") {
  ConsensusState cs(ConsensusConfig{}, rng());
  for (std::uint32_t v = 0; v < 4; ++v) cs.set_faulty(v, true, 0);
  cs.commit();  // height 1 was planned before the flags
  CHECK(std::isinf(cs.next_commit_time()));
  cs.set_faulty(0, false, 100);  // height 2 restarts at 100: proposers 2, 3, 0
  CHECK(cs.next_commit_time() == doctest::Approx(100 + 3.0 + 3.5 + 10));

  ConsensusConfig always;
  always.proposer_fault_prob = 1.0;
  CHECK(std::isinf(ConsensusState(always, rng()).next_commit_time()));
}

TEST_CASE("random proposer faults: seeded, and failed rounds as often as p predicts") {
  ConsensusConfig cfg;
  cfg.proposer_fault_prob = 0.3;
  ConsensusState a(cfg, rng()), b(cfg, rng()), other(cfg, Rng::stream(43, "chain.consensus"));
  const int n = 20000;
  bool same = true, differs = false, intervals_ok = true;
  double prev = 0;
  for (int i = 0; i < n; ++i) {
    const BlockCommit x = a.commit(), y = b.commit(), z = other.commit();
    same &= x.commit_time == y.commit_time && x.round == y.round && x.proposer == y.proposer;
    differs |= x.commit_time != z.commit_time;
    // interval = block time + sum over failed rounds r of (3 + 0.5 r)
    double expect = cfg.block_time_s;
    for (std::uint32_t r = 0; r < x.round; ++r) expect += 3.0 + 0.5 * r;
    intervals_ok &= std::abs((x.commit_time - prev) - expect) < 1e-9;
    prev = x.commit_time;
  }
  CHECK(same);
  CHECK(differs);
  CHECK(intervals_ok);
  // failed rounds per height are geometric: mean p / (1 - p)
  CHECK(static_cast<double>(a.failed_rounds()) / n == doctest::Approx(0.3 / 0.7).epsilon(0.05));
}

TEST_CASE("consensus input errors") {
  ConsensusConfig cfg;
  cfg.validators = 0;
  CHECK_THROWS_AS(ConsensusState(cfg, rng()), opgsim::InputError);
  cfg = {};
  cfg.proposer_fault_prob = 1.5;
  CHECK_THROWS_WITH_AS(ConsensusState(cfg, rng()), "chain.consensus.proposer_fault_prob: must be a probability in [0, 1]",
                       opgsim::InputError);
  cfg = {};
  cfg.block_time_s = 0;
  CHECK_THROWS_AS(ConsensusState(cfg, rng()), opgsim::InputError);
  ConsensusState cs(ConsensusConfig{}, rng());
  CHECK_THROWS_AS(cs.set_up(4, false, 0), std::out_of_range);
}
