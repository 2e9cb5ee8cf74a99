// JSON -> typed Scenario (see scenario_convert.hpp). Every field's conversion is part of its one
// declaration (scenario_schema.cpp, the role schemas, the family registries); this file only
// hands the validated document, or one section of it, to those bindings.
#include "sim/scenario/scenario_convert.hpp"

#include "sim/scenario/scenario_schema.hpp"

namespace opgsim {

Scenario to_scenario(const nlohmann::json& doc, const config::Origins& origins) {
  return scenario_binding().read(doc, origins);
}

EconomySpec to_economy(const nlohmann::json& section, const config::Origins& origins) {
  static const config::Bind<EconomySpec> binding = economy_binding();
  return binding.read(section, origins, config::Path().key("economy"));
}

proof::ProofConfig to_proof_config(const nlohmann::json& section, const config::Origins& origins) {
  return proof_section_binding().read(section, origins, config::Path().key("proof"));
}

}  // namespace opgsim
