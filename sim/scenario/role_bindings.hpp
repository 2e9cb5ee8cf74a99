// What every role section (roles.<role>) declares alike; each section itself is declared in its
// role's folder, sim/roles/<role>/<role>_schema.cpp, next to the spec struct it fills, and its
// registry entry's declare hook puts it on the scenario's `roles`. No SimGrid.
#pragma once

#include <string>

#include "sim/config/bind.hpp"
#include "sim/scenario/scenario_limits.hpp"

namespace opgsim {

// The region list every role has: optional, the cross-field rules fill in every region before
// conversion (scenario_rules.cpp), so the member is always read.
template <class Spec>
void role_regions(config::Bind<Spec>& s, const std::string& what) {
  using config::Type;
  s.field("regions", &Spec::regions,
          Type::array_of(Type::string().non_empty()).non_empty().max_size(limits::kMaxListItems))
      .optional("all regions")
      .doc("Regions the " + what + " are placed in, round-robin (node i in regions[i mod size]).");
}

}  // namespace opgsim
