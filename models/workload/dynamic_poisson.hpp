// Poisson arrivals whose rate changes while they run: the economy's user population sets it at
// every epoch (active users x requests per user). Memoryless, so at a rate change the pending
// arrival is simply drawn again from the change time: the process stays exactly Poisson with a
// piecewise-constant rate. Request sizes and classes come from the same RequestSampler as every
// other open-loop process. Pure: no SimGrid.
#pragma once

#include "models/common/rng.hpp"
#include "models/workload/arrivals.hpp"
#include "models/workload/request_sampler.hpp"

namespace opgsim::workload {

class DynamicPoisson : public ArrivalProcess {
public:
  // Rate 0 until the first set_rate(): no arrival. Arrivals stop at end_s.
  DynamicPoisson(RequestMix mix, double end_s, Rng rng);
  // From `now` on the rate is `rate` (>= 0, finite; std::invalid_argument otherwise). The caller
  // discards the arrival it holds and asks next() again.
  void set_rate(double rate, double now);
  // The next arrival after the previous one (or after the last rate change); false when the
  // rate is 0 or the arrival would fall at or after end_s.
  bool next(Arrival& out) override;
  double rate() const { return rate_; }

private:
  RequestSampler sampler_;
  double end_s_;
  Rng rng_;
  double rate_ = 0;
  double t_ = 0;
};

}  // namespace opgsim::workload
