// CometBFT-like block production timing for the settlement chain's validators.
//
// Not a protocol implementation: only when each height commits. A height starts when the
// previous one commits (or when the chain can make progress again). Round r of height h has
// proposer (h + r) mod n, round-robin as CometBFT's proposer selection gives for equal voting
// power. A proposer that is down, flagged faulty, or fails a draw with proposer_fault_prob
// makes the round fail: the others wait timeout_propose + r * timeout_propose_delta, prevote
// and precommit nil, and move to round r + 1 (notes §4 "Consensus"). The first round whose
// proposer works commits block_time_s after the failed rounds. With 1/3 or more of the
// validators down nothing commits ("safe while < 1/3 faulty", notes §1.4) until enough return.
#pragma once

#include <cstdint>
#include <vector>

#include "models/common/rng.hpp"

namespace opgsim::chain {

struct ConsensusConfig {
  std::uint32_t validators = 4;  // notes §4: 4-21 validators under PoA
  // Interval between commits when round 0 succeeds: timeout_commit plus propose/vote latency.
  // 10 s is the "whitepaper §5.1" figure (notes §1.4, secondary only); og-evm devnet runs ~1 s.
  double block_time_s = 10.0;
  double timeout_propose_s = 3.0;        // CometBFT default (notes §3g)
  double timeout_propose_delta_s = 0.5;  // +500 ms per round (notes §3g)
  // Recorded for reports only: with a failed proposer every live validator prevotes and
  // precommits nil at once, so these timeouts never run in this model (they matter only
  // when votes split, which we do not model).
  double timeout_prevote_s = 1.0;    // notes §3g
  double timeout_precommit_s = 1.0;  // notes §3g
  double timeout_commit_s = 5.0;     // notes §3g; already inside block_time_s
  // Probability that an up, unflagged proposer still fails its round (notes §4 "p").
  double proposer_fault_prob = 0.0;
};

// Throws InputError (one line, "chain.consensus.<key>: ...") on a bad config.
void validate(const ConsensusConfig& cfg);

// The outcome planned for one height.
struct BlockCommit {
  std::uint64_t height = 0;
  double commit_time = 0;     // +inf while the chain cannot make progress
  std::uint32_t round = 0;    // round that committed; it followed `round` failed rounds
  std::uint32_t proposer = 0; // proposer of that round
};

class ConsensusState {
public:
  // All validators up and unflagged; height 1 starts at start_time. rng: the consensus stream
  // (e.g. Rng::stream(seed, "chain.consensus")), drawn only when proposer_fault_prob > 0.
  ConsensusState(const ConsensusConfig& cfg, Rng rng, double start_time = 0.0);

  // The planned commit of the current height (+inf: no progress until the set changes).
  double next_commit_time() const { return plan_.commit_time; }
  const BlockCommit& planned() const { return plan_; }
  // Commits the current height at next_commit_time() and plans the next one.
  // Precondition: next_commit_time() is finite (std::logic_error otherwise).
  BlockCommit commit();

  // Validator v goes down/up (or gets/loses its faulty flag) at `now`. Losing quorum halts the
  // chain; when quorum returns, or a stalled height gets a usable proposer, the height restarts
  // at `now` from round 0. Otherwise the planned commit stands and the change takes effect
  // from the next height (assumption: a height already under way is not disturbed).
  // Call commit() for any height due at or before now first.
  void set_up(std::uint32_t v, bool up, double now);
  void set_faulty(std::uint32_t v, bool faulty, double now);

  bool is_up(std::uint32_t v) const { return up_.at(v) != 0; }
  bool is_faulty(std::uint32_t v) const { return faulty_.at(v) != 0; }
  std::uint32_t up_count() const { return up_count_; }
  // More than 2/3 of the validators are up (CometBFT commits on +2/3 precommits, equal power).
  bool has_quorum() const { return 3ull * up_count_ > 2ull * cfg_.validators; }
  std::uint32_t proposer(std::uint64_t height, std::uint32_t round) const {
    return static_cast<std::uint32_t>((height + round) % cfg_.validators);
  }
  std::uint64_t height() const { return plan_.height; }
  std::uint64_t failed_rounds() const { return failed_rounds_; }  // over committed heights
  const ConsensusConfig& config() const { return cfg_; }

private:
  void replan();  // plans the current height from height_start_
  void changed(bool had_quorum, double now);
  void check(std::uint32_t v, double now) const;

  ConsensusConfig cfg_;
  Rng rng_;
  std::vector<std::uint8_t> up_, faulty_;
  std::uint32_t up_count_;
  double height_start_;
  BlockCommit plan_;
  std::uint64_t failed_rounds_ = 0;
};

}  // namespace opgsim::chain
