// Closed-form queueing results used to validate the engine: Erlang C and the M/M/c mean wait,
// and Little's law. No SimGrid.
#pragma once

namespace opgsim::analysis {

// Probability that an arrival waits in an M/M/c queue with offered load a = lambda / mu
// (Erlang), c servers; requires a < c. Computed stably (no factorial overflow) for c up to 10^5.
double erlang_c(int c, double offered_load);

// Mean wait in queue (before service) of M/M/c: C(c, a) / (c * mu - lambda).
double mmc_mean_wait(int c, double lambda, double mu);

// Mean number in queue (not in service) by Little's law: L_q = lambda * W_q.
inline double littles_law_number(double lambda, double mean_time) { return lambda * mean_time; }

}  // namespace opgsim::analysis
