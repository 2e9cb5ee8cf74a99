// The arrival-process family (workload.arrivals): poisson, ramp, phases, trace, closed and users,
// each with its own parameters (families.hpp).
#include <array>
#include <utility>

#include "sim/scenario/families.hpp"
#include "sim/scenario/scenario_limits.hpp"

namespace opgsim {

namespace {
constexpr std::array<std::pair<workload::TraceFormat, const char*>, 2> kTraceFormats{
    {{workload::TraceFormat::Opgsim, "opgsim"}, {workload::TraceFormat::Azure, "azure"}}};
constexpr std::array<std::pair<bool, const char*>, 2> kThinkTimes{{{true, "exponential"}, {false, "constant"}}};
}  // namespace

config::Family<ArrivalSpec, ArrivalSpec::Type> arrival_processes() {
  using config::ObjectSchema;
  using config::Type;
  using namespace limits;
  using T = ArrivalSpec::Type;
  config::Family<ArrivalSpec, T> f("When requests arrive.", &ArrivalSpec::type);
  // poisson, ramp and phases: their rates are unbound here because they become rate pieces that
  // also need the scenario's duration_s (rate_pieces(), called by the scenario's binding).
  f.type("poisson", "Poisson arrivals at a constant rate for duration_s.", T::Poisson)
      .unbound("rate_rps", Type::number().gt(0).le(kMaxRateRps)).def(10.0).unit("1/s").doc("Arrival rate.");
  config::Bind<ArrivalSpec>& ramp = f.type("ramp", "Poisson arrivals whose rate moves linearly over duration_s.", T::Ramp);
  ramp.unbound("from_rps", Type::number().ge(0).le(kMaxRateRps)).unit("1/s").doc("Rate at time 0.");
  ramp.unbound("to_rps", Type::number().ge(0).le(kMaxRateRps)).unit("1/s").doc("Rate at duration_s.");

  ObjectSchema phase("One phase: give rate_rps (constant) or from_rps and to_rps (linear), not both.");
  phase.field("duration_s", Type::number().ge(kMinPeriodS).le(kMaxDurationS)).unit("s").doc("Length of the phase.");
  phase.field("rate_rps", Type::number().ge(0).le(kMaxRateRps)).optional("-").unit("1/s").doc("Constant rate of the phase.");
  phase.field("from_rps", Type::number().ge(0).le(kMaxRateRps)).optional("-").unit("1/s").doc("Rate at the start of the phase.");
  phase.field("to_rps", Type::number().ge(0).le(kMaxRateRps)).optional("-").unit("1/s").doc("Rate at the end of the phase.");
  f.type("phases", "Poisson arrivals over a piecewise rate, one phase after another.", T::Phases)
      .unbound("phases", Type::array_of(Type::object(phase)).non_empty().max_size(kMaxListItems))
      .doc("The phases, in time order.");

  config::Bind<ArrivalSpec>& trace = f.type("trace", "Replays recorded arrivals from a file.", T::Trace);
  trace.field("file", &ArrivalSpec::trace_file, Type::string().non_empty())
      .doc("Trace file, relative to the scenario file that sets it.");
  trace.choice("format", &ArrivalSpec::trace_format, kTraceFormats).def("opgsim").doc("File format.");
  trace.field("time_scale", &ArrivalSpec::trace_time_scale, Type::number().ge(1e-6).le(1e6)).def(1.0)
      .doc("Multiplies every time (0.5 replays twice as fast).");

  config::Bind<ArrivalSpec>& closed = f.type("closed",
      "Closed loop: a fixed number of users, each sending its next request when its previous one has ended "
      "(answered, rejected, or given up at workload.timeout_s), after a think time; how serving benchmarks "
      "measure at a fixed concurrency.", T::Closed);
  closed.field("users", &ArrivalSpec::users, Type::integer().ge(1).le(kMaxClosedUsers)).def(1)
      .doc("Users in all, split evenly over the clients.");
  closed.field("think_time_s", &ArrivalSpec::think_time_s, Type::number().ge(0).le(kMaxDelayS)).def(0.0).unit("s")
      .doc("Mean pause between the end of a request and the user's next one.");
  closed.choice("think_time_distribution", &ArrivalSpec::exponential_think, kThinkTimes).def("exponential")
      .doc("Pauses drawn from an exponential distribution with that mean, or all equal to it.");
  closed.field("start_spread_s", &ArrivalSpec::start_spread_s, Type::number().ge(0).le(kMaxDurationS)).def(0.0).unit("s")
      .doc("Users send their first request at times drawn uniformly over [0, start_spread_s).");
  closed.field("retry_delay_s", &ArrivalSpec::retry_delay_s, Type::number().ge(kMinPeriodS).le(kMaxDelayS)).def(1.0)
      .unit("s").doc("After a rejected or failed request a user waits at least this long (clients back off on errors).");
  f.type("users",
         "Open-loop arrivals from the token economy's user population (economy.users): Poisson at active users x "
         "requests_per_user_per_s, the rate reset every economy.epoch_s as cohorts come back or leave and new users "
         "arrive. Needs economy.enabled.", T::Users);
  return f;
}

void resolve_rate_pieces(ArrivalSpec& spec, const nlohmann::json& a, double duration_s) {
  spec.pieces.clear();
  switch (spec.type) {  // every type listed: a new one must say whether it has rate pieces
    case ArrivalSpec::Type::Poisson: spec.pieces.push_back({duration_s, a["rate_rps"], a["rate_rps"]}); break;
    case ArrivalSpec::Type::Ramp: spec.pieces.push_back({duration_s, a["from_rps"], a["to_rps"]}); break;
    case ArrivalSpec::Type::Phases:
      for (const nlohmann::json& p : a["phases"]) {
        const bool constant = p.contains("rate_rps");  // the rules checked one form or the other
        spec.pieces.push_back({p["duration_s"], constant ? p["rate_rps"] : p["from_rps"],
                               constant ? p["rate_rps"] : p["to_rps"]});
      }
      break;
    case ArrivalSpec::Type::Trace:
    case ArrivalSpec::Type::Closed:
    case ArrivalSpec::Type::Users: break;  // arrivals from a file, from users, or from the economy
  }
}

}  // namespace opgsim
