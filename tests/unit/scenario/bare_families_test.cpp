// The families that were plain strings until this release: roles.verifier.policy,
// workload.classes[].verification and faults.processes[].distribution. The {"type": ...} form
// loads (with its parameters: weibull's shape), an unknown type is an error at the JSON path,
// and a bare name still loads, rewritten with one warning line naming file, path and the fix.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "load_error.hpp"
#include "sim/config/extends.hpp"
#include "sim/scenario/deprecated_forms.hpp"

using opgsim::load_scenario;
using opgsim::testing::input_error;
using opgsim::testing::load_error;
using opgsim::testing::TempDir;
using nlohmann::json;

namespace {
constexpr const char* kProven = R"({"roles": {"verifier": {"count": 2, "policy": {"type": "round_robin"}}},
  "workload": {"classes": [{"name": "t", "verification": {"type": "tee"}}]},
  "faults": {"processes": [{"kind": "slow", "mttf_s": 100, "mttr_s": 10, "factor": 2,
                            "distribution": {"type": "weibull", "shape": 0.5}}]}})";
}  // namespace

TEST_CASE("verifier policy, verification mode and fault distribution as {\"type\": ...} objects") {
  TempDir dir;
  auto s = load_scenario(dir.write("a.json", kProven), {});
  CHECK(s.roles.verifier.policy == opgsim::policy::VerifierPolicyType::RoundRobin);
  CHECK(s.workload.classes[0].verification == opgsim::proof::VerificationMode::Tee);
  REQUIRE(s.faults.processes.size() == 1);
  const auto& p = s.faults.processes[0];
  CHECK(p.time_to_failure.type == opgsim::faults::Duration::Type::Weibull);
  CHECK(p.time_to_failure.shape == 0.5);
  CHECK(p.time_to_failure.mean_s == 100);
  CHECK(p.time_to_repair.type == opgsim::faults::Duration::Type::Weibull);
  CHECK(p.time_to_repair.shape == 0.5);
  CHECK(p.time_to_repair.mean_s == 10);
  CHECK(s.resolved["faults"]["processes"][0]["distribution"] == json{{"type", "weibull"}, {"shape", 0.5}});
  // Defaults keep their values, now written as objects.
  s = load_scenario(dir.write("d.json", R"({"faults": {"processes": [{"mttf_s": 100, "mttr_s": 10}]}})"), {});
  CHECK(s.roles.verifier.policy == opgsim::policy::VerifierPolicyType::LeastLoaded);
  CHECK(s.resolved["roles"]["verifier"]["policy"] == json{{"type", "least_loaded"}});
  CHECK(s.resolved["workload"]["classes"][0]["verification"] == json{{"type", "vanilla"}});
  CHECK(s.resolved["faults"]["processes"][0]["distribution"] == json{{"type", "exponential"}});
  CHECK(s.faults.processes[0].time_to_failure.type == opgsim::faults::Duration::Type::Exponential);
  CHECK(s.faults.processes[0].time_to_failure.shape == 1.0);
}

TEST_CASE("unknown verifier policy, verification and distribution types are errors naming the path") {
  TempDir dir;
  const std::string f = dir / "s.json";
  CHECK(load_error(dir, R"({"roles": {"verifier": {"count": 1, "policy": {"type": "least_load"}}}})") ==
        f + ": roles.verifier.policy.type: unknown type 'least_load' (known: least_loaded, random, round_robin); did "
            "you mean 'least_loaded'?");
  CHECK(load_error(dir, R"({"workload": {"classes": [{"name": "a", "verification": {"type": "sgx"}}]}})") ==
        f + ": workload.classes[0].verification.type: unknown type 'sgx' (known: vanilla, tee, zkml, zk_crv)");
  CHECK(load_error(dir, R"({"faults": {"processes": [{"mttf_s": 9, "mttr_s": 9, "distribution": {"type": "gamma"}}]}})") ==
        f + ": faults.processes[0].distribution.type: unknown type 'gamma' (known: exponential, weibull)");
  CHECK(load_error(dir, R"({"faults": {"processes": [{"mttf_s": 9, "mttr_s": 9,
                           "distribution": {"type": "exponential", "shape": 2}}]}})") ==
        f + ": faults.processes[0].distribution.shape: not a parameter of type 'exponential' (it belongs to weibull; "
            "set it to null where the type is changed)");
  // A bare unknown name is refused the same way (rewritten without a warning first).
  CHECK(load_error(dir, R"({"roles": {"verifier": {"count": 1, "policy": "fastest"}}})") ==
        f + ": roles.verifier.policy.type: unknown type 'fastest' (known: least_loaded, random, round_robin)");
}

TEST_CASE("bare verifier policy, verification and distribution names: one warning line each, same scenario") {
  opgsim::config::Document d;
  d.origins = opgsim::config::Origins("old.json");
  d.value = json::parse(R"({"roles": {"verifier": {"count": 2, "policy": "random"}},
    "workload": {"classes": [{"name": "a", "verification": "zkml"}, {"name": "b"}]},
    "faults": {"processes": [{"mttf_s": 9, "mttr_s": 9, "distribution": "weibull", "shape": 0.7},
                             {"mttf_s": 9, "mttr_s": 9, "distribution": "exponential", "shape": 3}]}})");
  std::ostringstream warnings;
  opgsim::upgrade_deprecated_forms(d, warnings);
  CHECK(d.value["roles"]["verifier"]["policy"] == json{{"type", "random"}});
  CHECK(d.value["workload"]["classes"][0]["verification"] == json{{"type", "zkml"}});
  CHECK_FALSE(d.value["workload"]["classes"][1].contains("verification"));
  CHECK(d.value["faults"]["processes"][0]["distribution"] == json{{"type", "weibull"}, {"shape", 0.7}});
  CHECK_FALSE(d.value["faults"]["processes"][0].contains("shape"));
  CHECK(d.value["faults"]["processes"][1]["distribution"] == json{{"type", "exponential"}});
  CHECK_FALSE(d.value["faults"]["processes"][1].contains("shape"));  // it had no effect on exponential
  CHECK(warnings.str() ==
        "old.json: roles.verifier.policy: warning: a bare policy name is deprecated; write {\"type\": \"random\"} (bare "
        "names will be refused in the next release)\n"
        "old.json: workload.classes[0].verification: warning: a bare verification name is deprecated; write "
        "{\"type\": \"zkml\"} (bare names will be refused in the next release)\n"
        "old.json: faults.processes[0].distribution: warning: a bare distribution name is deprecated; write "
        "{\"type\": \"weibull\", \"shape\": 0.7} (bare names will be refused in the next release)\n"
        "old.json: faults.processes[1].distribution: warning: a bare distribution name is deprecated; write "
        "{\"type\": \"exponential\"} (bare names will be refused in the next release)\n");
  std::ostringstream again;
  opgsim::upgrade_deprecated_forms(d, again);  // already objects: nothing more
  CHECK(again.str().empty());
}

TEST_CASE("a bare name loads like its object form, also when given with --set") {
  TempDir dir;
  const auto bare = load_scenario(dir.write("b.json", R"({"roles": {"verifier": {"count": 2, "policy": "round_robin"}},
    "workload": {"classes": [{"name": "t", "verification": "tee"}]},
    "faults": {"processes": [{"mttf_s": 100, "mttr_s": 10, "distribution": "weibull", "shape": 0.5}]}})"), {});
  const auto object = load_scenario(dir.write("a.json", kProven), {});
  CHECK(bare.roles.verifier.policy == object.roles.verifier.policy);
  CHECK(bare.workload.classes[0].verification == object.workload.classes[0].verification);
  CHECK(bare.faults.processes[0].time_to_failure.shape == 0.5);
  CHECK(bare.resolved["roles"]["verifier"] == object.resolved["roles"]["verifier"]);
  CHECK(bare.resolved["workload"]["classes"] == object.resolved["workload"]["classes"]);
  const std::string base = dir.write("c.json", R"({"roles": {"verifier": {"count": 1}},
    "workload": {"classes": [{"name": "a", "verification": {"type": "vanilla"}}]}})");
  auto s = load_scenario(base, {"roles.verifier.policy=random", "workload.classes[0].verification=zkml",
                                "workload.classes[0].model_parameters=119000"});
  CHECK(s.roles.verifier.policy == opgsim::policy::VerifierPolicyType::Random);
  CHECK(s.workload.classes[0].verification == opgsim::proof::VerificationMode::Zkml);
  s = load_scenario(base, {"roles.verifier.policy.type=round_robin", "workload.classes[0].verification.type=tee"});
  CHECK(s.roles.verifier.policy == opgsim::policy::VerifierPolicyType::RoundRobin);
  CHECK(s.workload.classes[0].verification == opgsim::proof::VerificationMode::Tee);
  CHECK(input_error([&] { load_scenario(base, {"roles.verifier.policy.type=nearest"}); }) ==
        "--set: roles.verifier.policy.type: unknown type 'nearest' (known: least_loaded, random, round_robin)");
}
