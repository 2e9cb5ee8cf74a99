// A run's preparation (see prepare_run.hpp).
#include "sim/engine/prepare_run.hpp"

#include "sim/engine/fault_injector.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

PreparedRun prepare_run(const Scenario& s) {
  PreparedRun p;
  if (s.workload.arrivals.type == ArrivalSpec::Type::Trace) {
    std::vector<std::string> class_names;
    for (const auto& c : s.workload.classes) class_names.push_back(c.name);
    p.trace = workload::load_trace(s.workload.arrivals.trace_file, s.workload.arrivals.trace_format,
                                   s.workload.arrivals.trace_time_scale, class_names);
  }
  p.faults = fault_schedule(s);
  // Each role's own preparation (the routed role's service models), in start order.
  for (const RoleRuntime& role : role_runtimes())
    if (role.prepare != nullptr) role.prepare(s, p);
  return p;
}

}  // namespace opgsim::engine
