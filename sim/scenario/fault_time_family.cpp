// The fault time distribution family (faults.processes[].distribution): the law of both the time
// to failure and the time to repair, whose means are the process's mttf_s and mttr_s.
#include "sim/scenario/families.hpp"

namespace opgsim {

config::Family<faults::Duration, faults::Duration::Type> fault_time_distributions() {
  using config::Type;
  using faults::Duration;
  config::Family<Duration, Duration::Type> f("Distribution of the times to failure and to repair, with their means.",
                                             &Duration::type);
  f.type("exponential", "Memoryless times (a constant failure rate).", Duration::Type::Exponential);
  f.type("weibull", "Weibull times with shape k, scaled to the mean.", Duration::Type::Weibull)
      .field("shape", &Duration::shape, Type::number().ge(0.1).le(100)).def(1.0)
      .doc("Weibull shape k (k < 1: many short lives, as session churn).");
  return f;
}

}  // namespace opgsim
