// JSON -> typed Scenario (see scenario_convert.hpp). Every field's conversion is part of its one
// declaration (scenario_schema.cpp, the role schemas, the family registries); this file only
// hands the validated document, or one section of it, to those bindings.
#include "sim/scenario/scenario_convert.hpp"

#include "sim/scenario/role_bindings.hpp"
#include "sim/scenario/scenario_schema.hpp"

namespace opgsim {
namespace {

using config::Path;

const Path kRoles = Path().key("roles");

// The sections the rules convert early come from the defaults-filled document, whose integers
// the declarations bound well inside their C++ types: nothing can fail, so no file is named.
const config::Origins& unnamed() {
  static const config::Origins origins("<scenario>");
  return origins;
}

}  // namespace

Scenario to_scenario(const nlohmann::json& doc, const config::Origins& origins) {
  return scenario_binding().read(doc, origins);
}

EconomySpec to_economy(const nlohmann::json& section) {
  static const config::Bind<EconomySpec> binding = economy_binding();
  return binding.read(section, unnamed(), Path().key("economy"));
}

proof::ProofConfig to_proof_config(const nlohmann::json& section) {
  return proof_section_binding().read(section, unnamed(), Path().key("proof"));
}

VerifierRoleSpec to_verifier_role(const nlohmann::json& section, const config::Origins& origins) {
  return verifier_role_binding().read(section, origins, kRoles.key("verifier"));
}

DataRoleSpec to_data_role(const nlohmann::json& section, const config::Origins& origins) {
  return data_role_binding().read(section, origins, kRoles.key("data"));
}

StorageRoleSpec to_storage_role(const nlohmann::json& section, const config::Origins& origins) {
  return storage_role_binding().read(section, origins, kRoles.key("storage"));
}

ValidatorRoleSpec to_validator_role(const nlohmann::json& section, const config::Origins& origins) {
  return validator_role_binding().read(section, origins, kRoles.key("validator"));
}

}  // namespace opgsim
