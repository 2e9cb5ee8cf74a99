// CometBFT-like height/round timing: see consensus.hpp for the model.
#include "models/chain/consensus.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/common/input_error.hpp"

namespace opgsim::chain {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

void require_time(const std::string& key, double v, bool positive) {
  const bool ok = std::isfinite(v) && (positive ? v > 0 : v >= 0);
  if (!ok) throw InputError("chain.consensus." + key + (positive ? ": must be a positive number of seconds"
                                                                  : ": must be a number of seconds >= 0"));
}
}  // namespace

void validate(const ConsensusConfig& cfg) {
  if (cfg.validators == 0) throw InputError("chain.consensus.validators: must be at least 1");
  require_time("block_time_s", cfg.block_time_s, true);
  require_time("timeout_propose_s", cfg.timeout_propose_s, false);
  require_time("timeout_propose_delta_s", cfg.timeout_propose_delta_s, false);
  require_time("timeout_prevote_s", cfg.timeout_prevote_s, false);
  require_time("timeout_precommit_s", cfg.timeout_precommit_s, false);
  require_time("timeout_commit_s", cfg.timeout_commit_s, false);
  if (!(cfg.proposer_fault_prob >= 0 && cfg.proposer_fault_prob <= 1))
    throw InputError("chain.consensus.proposer_fault_prob: must be a probability in [0, 1]");
}

ConsensusState::ConsensusState(const ConsensusConfig& cfg, Rng rng, double start_time)
    : cfg_(cfg), rng_(rng), up_(cfg.validators, 1), faulty_(cfg.validators, 0),
      up_count_(cfg.validators), height_start_(start_time) {
  validate(cfg_);
  if (!std::isfinite(start_time)) throw std::logic_error("consensus: start_time must be finite");
  plan_.height = 1;
  replan();
}

void ConsensusState::replan() {
  plan_.commit_time = kInf;
  plan_.round = 0;
  plan_.proposer = proposer(plan_.height, 0);
  if (!has_quorum() || cfg_.proposer_fault_prob >= 1) return;
  // Rotation visits every validator within n rounds; if none of them can propose, no round
  // ever succeeds and the height stalls until the set changes.
  bool someone_can_propose = false;
  for (std::uint32_t v = 0; v < cfg_.validators; ++v) someone_can_propose |= up_[v] && !faulty_[v];
  if (!someone_can_propose) return;

  double t = height_start_;
  for (std::uint32_t r = 0;; ++r) {
    const std::uint32_t v = proposer(plan_.height, r);
    // Draw only for a proposer that could work, and only when p > 0, so a run without random
    // faults consumes no draws.
    const bool works = up_[v] && !faulty_[v] &&
                       (cfg_.proposer_fault_prob == 0 || rng_.uniform01() >= cfg_.proposer_fault_prob);
    if (works) {
      plan_.commit_time = t + cfg_.block_time_s;
      plan_.round = r;
      plan_.proposer = v;
      return;
    }
    t += cfg_.timeout_propose_s + r * cfg_.timeout_propose_delta_s;
  }
}

BlockCommit ConsensusState::commit() {
  if (!std::isfinite(plan_.commit_time)) throw std::logic_error("consensus: commit() while the chain is halted");
  const BlockCommit done = plan_;
  failed_rounds_ += done.round;
  height_start_ = done.commit_time;
  plan_.height = done.height + 1;
  replan();
  return done;
}

void ConsensusState::check(std::uint32_t v, double now) const {
  if (v >= cfg_.validators)
    throw std::out_of_range("consensus: validator " + std::to_string(v) + " of " + std::to_string(cfg_.validators));
  if (!std::isfinite(now)) throw std::logic_error("consensus: set change at a non-finite time");
}

void ConsensusState::set_up(std::uint32_t v, bool up, double now) {
  check(v, now);
  const bool had = has_quorum();
  if ((up_[v] != 0) == up) return;
  up_[v] = up;
  up ? ++up_count_ : --up_count_;
  changed(had, now);
}

void ConsensusState::set_faulty(std::uint32_t v, bool faulty, double now) {
  check(v, now);
  if ((faulty_[v] != 0) == faulty) return;
  faulty_[v] = faulty;
  changed(has_quorum(), now);
}

void ConsensusState::changed(bool had_quorum, double now) {
  if (!has_quorum()) {
    plan_.commit_time = kInf;  // halted: the planned block never gets +2/3 precommits
    return;
  }
  if (!had_quorum || !std::isfinite(plan_.commit_time)) {
    // Progress becomes possible again: the height restarts now at round 0 (assumption: the
    // rounds that timed out during the halt are not carried over).
    if (now > height_start_) height_start_ = now;
    replan();
  }
}

}  // namespace opgsim::chain
