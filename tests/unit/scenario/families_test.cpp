// The pluggable families: the scenario schema's {"type": ...} variants are generated from their
// registries, and conversion resolves the type through the same registry.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/policy/router_policy.hpp"
#include "models/policy/router_view.hpp"
#include "sim/config/validate.hpp"
#include "sim/scenario/families.hpp"
#include "sim/scenario/registry_schema.hpp"
#include "sim/scenario/scenario_schema.hpp"

using namespace opgsim;
using nlohmann::json;

namespace {

// The variant declared at a dotted path of the scenario schema ("roles.inference.service").
std::vector<std::string> variant_names(const std::vector<std::string>& path) {
  const config::ObjectSchema* s = &scenario_schema();
  for (std::size_t i = 0; i + 1 < path.size(); ++i) s = &s->find(path[i])->type.object_schema();
  return s->find(path.back())->type.variant_schema().names();
}

}  // namespace

TEST_CASE("each family's variant in the scenario schema lists exactly its registry's types") {
  CHECK(variant_names({"roles", "inference", "service"}) == service_models().names());
  CHECK(variant_names({"workload", "arrivals"}) == arrival_processes().names());
  CHECK(variant_names({"workload", "prompt_tokens"}) == token_distributions().names());
  CHECK(variant_names({"workload", "output_tokens"}) == token_distributions().names());
  CHECK(variant_names({"router", "policy"}) == entry_names(policy::router_policies()));
  CHECK(variant_names({"router", "view"}) == entry_names(policy::router_views()));
}

TEST_CASE("a family entry converts its own parameters and its derived values") {
  const config::Origins origins("t.json");
  const auto tokens = token_distributions();
  const json v = config::validate_value(tokens.type(), json{{"type", "constant"}, {"value", 7}}, origins, {});
  workload::TokenDistribution d;
  tokens.read_into(d, v, config::ReadAt{origins, {}});
  CHECK(d.type == workload::TokenDistribution::Type::Constant);
  CHECK(d.value == 7);
  CHECK(d.min == 7);  // a constant is its own bounds
  CHECK(d.max == 7);
}

TEST_CASE("conversion refuses a type its registry lacks, at the type's path") {
  const config::Origins origins("t.json");
  service::ServiceSpec s;
  CHECK_THROWS_WITH_AS(service_models().read_into(s, json{{"type", "quantum"}},
                                                  config::ReadAt{origins, config::Path().key("service")}),
                       "t.json: service.type: unknown type 'quantum' (known: exponential, deterministic, lognormal, gpu, tee_proxy)",
                       InputError);
  CHECK_THROWS_WITH_AS(typed_spec(json{{"type", "psychic"}}, policy::router_policies(),
                                  config::ReadAt{origins, config::Path().key("router").key("policy")}),
                       doctest::Contains("t.json: router.policy.type: unknown type 'psychic' (known: random, "),
                       InputError);
}
