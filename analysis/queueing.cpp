// Erlang C and the M/M/c mean wait, the closed forms the engine's queueing runs are checked against.
#include "analysis/queueing.hpp"

#include <stdexcept>
#include <string>

namespace opgsim::analysis {

namespace {

// Erlang B by its recurrence: every step stays in (0, 1], so nothing overflows even for huge c,
// unlike the textbook a^c / c! form.
double erlang_b(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("queueing: ") + what);
}

}  // namespace

double erlang_c(int c, double offered_load) {
  const double a = offered_load;
  require(c > 0, "erlang_c needs c > 0 servers");
  require(a > 0, "erlang_c needs offered load a > 0");  // also rejects NaN
  require(a < c, "erlang_c needs a < c (the queue is unstable otherwise)");
  const double b = erlang_b(c, a);
  return c * b / (c - a * (1.0 - b));
}

double mmc_mean_wait(int c, double lambda, double mu) {
  require(lambda > 0, "mmc_mean_wait needs lambda > 0");
  require(mu > 0, "mmc_mean_wait needs mu > 0");
  const double wait_probability = erlang_c(c, lambda / mu);
  const double drain_rate = c * mu - lambda;
  require(drain_rate > 0, "mmc_mean_wait needs lambda < c * mu");  // rounding at a ~ c
  return wait_probability / drain_rate;
}

}  // namespace opgsim::analysis
