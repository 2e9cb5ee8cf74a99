// Rate-driven arrival processes (poisson, ramp, phases): a non-homogeneous Poisson process over a
// piecewise-linear rate, generated exactly by inverting the cumulative intensity.
//
// Why inversion and not thinning: inversion uses exactly one exponential draw per arrival (plus
// the class and token draws), so the random stream layout is fixed and a ramp and a constant
// rate consume the generator the same way; thinning would waste draws depending on the rate.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "models/workload/arrivals.hpp"
#include "models/workload/request_sampler.hpp"

namespace opgsim::workload {

namespace {

class RateProcess final : public ArrivalProcess {
public:
  RateProcess(std::vector<RatePiece> pieces, double rate_share, double end_s, RequestMix mix,
              Rng rng)
      : pieces_(std::move(pieces)), end_s_(end_s), sampler_(std::move(mix)), rng_(rng) {
    if (!(rate_share >= 0) || !std::isfinite(rate_share))
      throw std::invalid_argument("arrivals: rate_share must be a finite non-negative number");
    for (const RatePiece& p : pieces_) {
      if (!(p.duration_s >= 0) || !(p.from_rps >= 0) || !(p.to_rps >= 0) ||
          !std::isfinite(p.from_rps) || !std::isfinite(p.to_rps))
        throw std::invalid_argument("arrivals: rate pieces need non-negative finite rates and "
                                    "non-negative durations");
      if (std::isinf(p.duration_s) && p.from_rps != p.to_rps)
        throw std::invalid_argument("arrivals: only a constant rate piece may last forever");
    }
    for (RatePiece& p : pieces_) {
      p.from_rps *= rate_share;
      p.to_rps *= rate_share;
    }
    done_ = pieces_.empty() || !(end_s_ > 0);
  }

  bool next(Arrival& out) override {
    if (done_) return false;
    // Exp(1) of cumulative intensity to the next arrival, carried across piece boundaries.
    double e = -std::log(rng_.uniform_open0());
    while (true) {
      if (piece_ >= pieces_.size()) return finish();
      const RatePiece& p = pieces_[piece_];
      const double left = p.duration_s - tau_;     // time left in this piece
      // Zero-length and constant pieces get slope 0, so no inf * 0 can appear below.
      const double slope = (p.from_rps == p.to_rps || !(p.duration_s > 0))
                               ? 0.0
                               : (p.to_rps - p.from_rps) / p.duration_s;
      const double r0 = p.from_rps + slope * tau_;  // rate now
      // Intensity left in the piece (the slope term is skipped when zero: an infinite constant
      // piece would otherwise give inf * 0).
      double mass = r0 * left;
      if (slope != 0) mass += 0.5 * slope * left * left;
      if (!(left > 0) || !(mass > e)) {
        // Not enough intensity here (this includes rate-0 pieces): spend it and move on.
        if (std::isinf(left)) return finish();  // a constant piece of rate 0 that lasts forever
        if (mass > 0) e -= mass;
        piece_start_ += p.duration_s;
        ++piece_;
        tau_ = 0;
        if (piece_start_ >= end_s_) return finish();
        continue;
      }
      // Solve r0 x + slope x^2 / 2 = e for the smallest x >= 0. The form 2e / (r0 + sqrt(...))
      // has no cancellation (r0 >= 0), covers slope == 0 (x = e / r0) and a falling rate; the
      // discriminant can only be negative by rounding when e is at the very end of a falling
      // piece, so it is clamped, and x is clamped to the piece.
      const double disc = std::max(0.0, r0 * r0 + 2.0 * slope * e);
      const double denom = r0 + std::sqrt(disc);
      double x = denom > 0 ? 2.0 * e / denom : left;
      x = std::min(x, left);
      tau_ += x;
      const double t = piece_start_ + tau_;
      if (!(t < end_s_)) return finish();
      fill(out, t);
      return true;
    }
  }

private:
  bool finish() {
    done_ = true;
    return false;
  }

  void fill(Arrival& out, double t) {
    out.time_s = t;
    sampler_.fill(out, rng_);
  }

  std::vector<RatePiece> pieces_;   // rates already scaled by rate_share
  double end_s_;
  RequestSampler sampler_;
  Rng rng_;
  std::size_t piece_ = 0;
  double piece_start_ = 0;          // absolute time the current piece began
  double tau_ = 0;                  // time of the last arrival, relative to piece_start_
  bool done_ = false;
};

}  // namespace

std::unique_ptr<ArrivalProcess> make_rate_process(std::vector<RatePiece> pieces, double rate_share,
                                                  double end_s, RequestMix mix, Rng rng) {
  return std::make_unique<RateProcess>(std::move(pieces), rate_share, end_s, std::move(mix), rng);
}

}  // namespace opgsim::workload
