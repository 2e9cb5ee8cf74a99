// Closed-form timing of a run of decode-only iterations with a fixed batch (no joins, no
// completions in between): what lets the batching server advance k iterations in O(1) instead of
// stepping token by token. Pure: no SimGrid.
//
// With d sequences whose total context is C0 at the run's first iteration, iteration j has
// context C0 + d j, and by the roofline (step_time.hpp) lasts
//   fixed + max(compute(j), memory(j)),   both lines in j.
// The max of two lines has at most one kink: the run is one arithmetic series while one regime
// holds, and a second one from the crossover iteration on (in practice compute-bound at short
// contexts and large batches, turning memory-bound as the KV cache grows). The crossover index
// is computed once, in closed form, when the run starts; iterations on either side use their own
// line, so an iteration within rounding of the kink may use the other (equal) line.
#pragma once

#include <cstdint>

#include "models/gpu/step_time.hpp"

namespace opgsim::gpu {

class DecodeSegment {
public:
  // A run that starts its first iteration at t0. d >= 1; C0 >= d (each context is >= 1 token).
  void start(double t0, const DecodeLines& lines, double d, double c0);

  double t0() const { return t0_; }
  // When iteration n begins (equivalently, when n iterations have ended): t0 + the sum of the
  // first n iteration times. Non-decreasing in n, and the one formula used for every time the
  // server reports, so times never go backwards.
  double time_at(std::uint64_t n) const;
  // The largest n with time_at(n) <= t (t >= t0): the iteration in progress at t, or the one
  // beginning exactly at t.
  std::uint64_t iterations_started_by(double t) const;
  // The first iteration that uses the second line (UINT64_MAX when the run never crosses over).
  std::uint64_t crossover() const { return nx_; }

private:
  double offset(std::uint64_t n) const;

  double t0_ = 0;
  // Iteration j < nx_ lasts a1_ + b1_ j; iteration j >= nx_ lasts a2_ + b2_ (j - nx_).
  double a1_ = 0, b1_ = 0, a2_ = 0, b2_ = 0;
  std::uint64_t nx_ = UINT64_MAX;
  double offset_nx_ = 0;  // offset(nx_) when nx_ is finite
};

}  // namespace opgsim::gpu
