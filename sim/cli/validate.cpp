// `opgsim validate` (see validate.hpp).
#include "sim/cli/validate.hpp"

#include <fmt/format.h>

#include "models/service/service_model.hpp"
#include "models/workload/arrivals.hpp"
#include "sim/engine/fault_injector.hpp"

namespace opgsim::cli {

namespace {
// "power_of_d(d=3)", or the bare name when the type has no parameters.
std::string described(const TypedSpec& spec) {
  std::string params;
  for (const auto& [name, value] : spec.params.all()) params += fmt::format("{}{}={}", params.empty() ? "" : ", ", name, value);
  return params.empty() ? spec.type : fmt::format("{}({})", spec.type, params);
}
}  // namespace

std::string check_inputs(const Scenario& s) {
  auto model = service::make_service_model(s.inference.service, Rng::stream(s.seed, "validate"));
  const auto faults = engine::fault_schedule(s);  // an inconsistent schedule is bad input too
  std::string trace_note;
  if (s.workload.arrivals.type == ArrivalSpec::Type::Trace) {
    std::vector<std::string> names;
    for (const auto& c : s.workload.classes) names.push_back(c.name);
    const auto trace = workload::load_trace(s.workload.arrivals.trace_file, s.workload.arrivals.trace_format,
                                            s.workload.arrivals.trace_time_scale, names);
    trace_note = fmt::format(", trace {} rows", trace.rows.size());
  }
  return fmt::format("{}: ok ({} regions, {} inference nodes x {} slots, {} clients, router {}{}, {} faults)\n",
                     s.file, s.platform.regions.size(), s.inference.count, model->slots(), s.clients.regions.size(),
                     described(s.router.policy) + (s.router.view.type == "exact" ? "" : ", view " + described(s.router.view)),
                     trace_note, faults.size());
}

}  // namespace opgsim::cli
