// load_scenario: the user-facing input path, checked through the exact lines users see.
#include <doctest/doctest.h>

#include "../config/temp_files.hpp"
#include "sim/scenario/scenario.hpp"
#include "load_error.hpp"

using nlohmann::json;
using opgsim::load_scenario;
using opgsim::testing::input_error;
using opgsim::testing::load_error;
using opgsim::testing::TempDir;

namespace {


}  // namespace

TEST_CASE("an empty scenario gets every default") {
  TempDir dir;
  const auto s = load_scenario(dir.write("small-run.json", "{}"), {});
  CHECK(s.name == "small-run");
  CHECK(s.seed == 1);
  CHECK(s.duration_s == 600);
  CHECK(s.warmup_s == 0);
  CHECK(s.drain_s == 600);
  REQUIRE(s.platform.regions.size() == 1);
  CHECK(s.platform.regions[0].name == "eu");
  CHECK(s.platform.regions[0].latency_s == 0.001);
  CHECK(s.platform.regions[0].bandwidth_Bps == 1.25e9);
  CHECK(s.platform.inter_region_latency_s == 0.05);
  CHECK(s.platform.tcp_window_bytes == 4194304);
  CHECK(s.roles.inference.count == 8);
  CHECK(s.roles.inference.regions == std::vector<std::string>{"eu"});
  CHECK(s.roles.inference.service.type == opgsim::service::ServiceSpec::Type::Exponential);
  CHECK(s.roles.inference.service.mean_s == 1.0);
  CHECK(s.roles.inference.service.concurrency == 1);
  CHECK(!s.roles.inference.queue_limit.has_value());
  CHECK(s.clients.regions == std::vector<std::string>{"eu"});
  CHECK(s.router.policy.type == "least_outstanding");
  CHECK(s.router.view.type == "exact");
  CHECK(s.router.placement == opgsim::RouterSpec::Placement::Gateway);
  CHECK(s.router.region == "eu");
  CHECK(s.workload.arrivals.type == opgsim::ArrivalSpec::Type::Poisson);
  REQUIRE(s.workload.arrivals.pieces.size() == 1);
  CHECK(s.workload.arrivals.pieces[0].duration_s == 600);
  CHECK(s.workload.arrivals.pieces[0].from_rps == 10);
  CHECK(s.workload.arrivals.pieces[0].to_rps == 10);
  CHECK(s.workload.prompt_tokens.type == opgsim::workload::TokenDistribution::Type::Lognormal);
  CHECK(s.workload.prompt_tokens.median == 1020);
  CHECK(s.workload.prompt_tokens.max == 16384);
  CHECK(s.workload.output_tokens.median == 129);
  CHECK(s.workload.output_tokens.max == 4096);
  REQUIRE(s.workload.classes.size() == 1);
  CHECK(s.workload.classes[0].name == "default");
  CHECK(s.workload.timeout_s == 300);
  CHECK(s.output.window_s == 10);
  CHECK(s.resolved["name"] == "small-run");
  CHECK(!s.resolved.contains("extends"));
}

TEST_CASE("a full scenario converts to the typed struct") {
  TempDir dir;
  const auto s = load_scenario(dir.write("full.json", R"({
    "name": "full", "seed": 7, "duration_s": 100, "warmup_s": 10, "drain_s": 50,
    "platform": {"regions": [{"name": "eu"}, {"name": "asia", "latency_s": 0.002}]},
    "roles": {"inference": {"count": 3, "regions": ["asia"], "queue_limit": 4,
                            "service": {"type": "gpu", "model": "llama-2-7b", "gpus_per_node": 2}},
              "client": {"regions": ["eu", "eu", "asia"]}},
    "router": {"policy": {"type": "central_queue"}, "region": "asia", "queue_limit": 100},
    "workload": {"arrivals": {"type": "phases", "phases": [{"duration_s": 10, "rate_rps": 5},
                                                           {"duration_s": 20, "from_rps": 5, "to_rps": 50}]},
                 "prompt_tokens": {"type": "uniform", "min": 10, "max": 20},
                 "output_tokens": {"type": "constant", "value": 7},
                 "classes": [{"name": "chat", "weight": 3}, {"name": "batch"}]}
  })"), {});
  CHECK(s.seed == 7);
  CHECK(s.platform.regions[1].latency_s == 0.002);
  CHECK(s.roles.inference.count == 3);
  CHECK(s.roles.inference.regions == std::vector<std::string>{"asia"});
  CHECK(s.roles.inference.queue_limit == 4u);
  CHECK(s.roles.inference.service.type == opgsim::service::ServiceSpec::Type::Gpu);
  CHECK(s.roles.inference.service.gpu == "h100-sxm");
  CHECK(s.roles.inference.service.model == "llama-2-7b");
  CHECK(s.roles.inference.service.gpus_per_node == 2);
  CHECK(s.roles.inference.service.catalog_file.empty());
  CHECK(s.clients.regions.size() == 3);
  CHECK(s.router.policy.type == "central_queue");
  CHECK(s.router.region == "asia");
  CHECK(s.router.queue_limit == 100u);
  REQUIRE(s.workload.arrivals.pieces.size() == 2);
  CHECK(s.workload.arrivals.pieces[1].from_rps == 5);
  CHECK(s.workload.arrivals.pieces[1].to_rps == 50);
  CHECK(s.workload.prompt_tokens.type == opgsim::workload::TokenDistribution::Type::Uniform);
  CHECK(s.workload.prompt_tokens.max == 20);
  CHECK(s.workload.output_tokens.value == 7);
  CHECK(s.workload.classes[1].weight == 1);
}

TEST_CASE("ramp becomes one linear piece over duration_s") {
  TempDir dir;
  const auto s = load_scenario(dir.write("r.json", R"({"duration_s": 60, "workload": {"arrivals": {"type": "ramp", "from_rps": 1, "to_rps": 9}}})"), {});
  CHECK(s.workload.arrivals.type == opgsim::ArrivalSpec::Type::Ramp);
  REQUIRE(s.workload.arrivals.pieces.size() == 1);
  CHECK(s.workload.arrivals.pieces[0].duration_s == 60);
  CHECK(s.workload.arrivals.pieces[0].to_rps == 9);
}

TEST_CASE("malformed JSON and missing files") {
  TempDir dir;
  const std::string f = dir.write("s.json", "{\"seed\": 1 \"x\": 2}");
  CHECK(load_error(dir, "{\"seed\": 1 \"x\": 2}") ==
        f + ": line 1, column 14: unexpected string literal; expected '}' (while parsing object)");
  CHECK(input_error([&] { load_scenario(dir / "none.json", {}); }) == (dir / "none.json") + ": cannot open file (No such file or directory)");
}

TEST_CASE("schema errors, one per kind") {
  TempDir dir;
  const std::string f = dir / "s.json";
  CHECK(load_error(dir, R"({"roles": {"inference": {"cont": 3}}})") == f + ": roles.inference.cont: unknown key (did you mean 'count'?)");
  CHECK(load_error(dir, R"({"roles": {"inference": {"count": -3}}})") == f + ": roles.inference.count: expected an integer >= 1 and <= 1000000, got -3");
  CHECK(load_error(dir, R"({"duration_s": "abc"})") == f + ": duration_s: expected a number >= 0.001 and <= 1000000000, got \"abc\"");
  CHECK(load_error(dir, R"({"router": {"policy": "fifo"}})") ==
        f + ": router.policy.type: unknown type 'fifo' (known: random, round_robin, least_outstanding, power_of_two, central_queue, stake_weighted, power_of_d)");
  CHECK(load_error(dir, R"({"duration_s": 0})") == f + ": duration_s: expected a number >= 0.001 and <= 1000000000, got 0");
  CHECK(load_error(dir, R"({"roles": {"inference": {"service": {"type": "erlang"}}}})") ==
        f + ": roles.inference.service.type: unknown type 'erlang' (known: exponential, deterministic, lognormal, gpu, tee_proxy)");
  CHECK(load_error(dir, R"({"workload": {"arrivals": {"type": "phases", "phases": [{"duration_s": 1, "rate_rps": 1}, {"duration_s": 0, "rate_rps": 2}]}}})") ==
        f + ": workload.arrivals.phases[1].duration_s: expected a number >= 0.001 and <= 1000000000, got 0");
  CHECK(load_error(dir, R"({"roles": {"inference": {"service": {"type": "gpu", "gpu_memory_utilization": 1.2}}}})") ==
        f + ": roles.inference.service.gpu_memory_utilization: expected a number > 0 and <= 1, got 1.2");
  CHECK(load_error(dir, R"({"workload": {"arrivals": {"type": "trace"}}})") == f + ": workload.arrivals.file: missing required key");
}

TEST_CASE("cross-field rules") {
  TempDir dir;
  const std::string f = dir / "s.json";
  const char* two = R"("platform": {"regions": [{"name": "eu"}, {"name": "asia"}]})";
  CHECK(load_error(dir, std::string("{") + two + R"(, "roles": {"inference": {"regions": ["eu", "us"]}}})") ==
        f + ": roles.inference.regions[1]: unknown region 'us' (known: eu, asia)");
  CHECK(load_error(dir, std::string("{") + two + R"(, "roles": {"client": {"regions": ["mars"]}}})") ==
        f + ": roles.client.regions[0]: unknown region 'mars' (known: eu, asia)");
  CHECK(load_error(dir, std::string("{") + two + R"(, "router": {"region": "us"}})") ==
        f + ": router.region: unknown region 'us' (known: eu, asia)");
  CHECK(load_error(dir, R"({"platform": {"regions": [{"name": "eu"}, {"name": "eu"}]}})") ==
        f + ": platform.regions[1].name: duplicate region name 'eu' (also platform.regions[0])");
  CHECK(load_error(dir, R"({"duration_s": 100, "warmup_s": 100})") == f + ": warmup_s: expected a number < duration_s (100), got 100");
  CHECK(load_error(dir, R"({"router": {"policy": {"type": "central_queue"}, "placement": "client"}})") ==
        f + ": router.placement: central_queue needs placement 'gateway' (its queue lives at the router host), got 'client'");
  CHECK(load_error(dir, R"({"workload": {"prompt_tokens": {"type": "uniform", "min": 10, "max": 5}}})") ==
        f + ": workload.prompt_tokens.max: expected an integer >= min (10), got 5");
  CHECK(load_error(dir, R"({"workload": {"classes": [{"name": "a"}, {"name": "a"}]}})") ==
        f + ": workload.classes[1].name: duplicate class name 'a'");
  const char* phases = R"({"workload": {"arrivals": {"type": "phases", "phases": [%s]}}})";
  auto with_phase = [&](const std::string& p) {
    std::string s = phases;
    return s.replace(s.find("%s"), 2, p);
  };
  CHECK(load_error(dir, with_phase(R"({"duration_s": 1, "rate_rps": 1, "from_rps": 1, "to_rps": 2})")) ==
        f + ": workload.arrivals.phases[0]: give either rate_rps or from_rps and to_rps, not both");
  CHECK(load_error(dir, with_phase(R"({"duration_s": 1})")) == f + ": workload.arrivals.phases[0]: missing rate_rps (or from_rps and to_rps)");
  CHECK(load_error(dir, with_phase(R"({"duration_s": 1, "from_rps": 1})")) == f + ": workload.arrivals.phases[0]: from_rps needs to_rps");
  CHECK(load_error(dir, R"({"workload": {"arrivals": {"type": "phases", "phases": []}}})") ==
        f + ": workload.arrivals.phases: expected a non-empty array of at most 1000 elements, got []");
}

TEST_CASE("--set overrides, with [i] for array elements") {
  TempDir dir;
  const std::string f = dir.write("s.json", R"({"workload": {"arrivals": {"type": "phases", "phases": [{"duration_s": 1, "rate_rps": 1}, {"duration_s": 2, "rate_rps": 2}]}}})");
  const auto s = load_scenario(f, {"seed=42", "router.policy=round_robin", "workload.arrivals.phases[1].rate_rps=20",
                                   R"(roles.inference.service={"type":"deterministic","mean_s":0.5})", "name=\"123\""});
  CHECK(s.seed == 42);
  CHECK(s.router.policy.type == "round_robin");
  CHECK(s.workload.arrivals.pieces[1].from_rps == 20);
  CHECK(s.roles.inference.service.type == opgsim::service::ServiceSpec::Type::Deterministic);
  CHECK(s.roles.inference.service.mean_s == 0.5);
  CHECK(s.name == "123");
  CHECK(input_error([&] { load_scenario(f, {"seed"}); }) == "--set: expected dotted.path=value, got 'seed'");
  CHECK(input_error([&] { load_scenario(f, {"roles.inference.cont=3"}); }) == "--set: roles.inference.cont: unknown key (did you mean 'count'?)");
  CHECK(input_error([&] { load_scenario(f, {"workload.arrivals.phases[2].rate_rps=1"}); }) ==
        "--set: workload.arrivals.phases[2]: index out of range (workload.arrivals.phases has 2 elements)");
  CHECK(input_error([&] { load_scenario(f, {"roles.inference.regions=[\"eu\",\"us\"]"}); }) ==
        "--set: roles.inference.regions[1]: unknown region 'us' (known: eu)");
  CHECK(input_error([&] { load_scenario(f, {"roles.inference.count=5000000000"}); }) ==
        "--set: roles.inference.count: expected an integer >= 1 and <= 1000000, got 5000000000");
}

TEST_CASE("extends: origins name the file that wrote the bad value") {
  TempDir dir;
  const std::string base = dir.write("base/base.json", R"({"roles": {"inference": {"count": -3}}, "seed": 5})");
  const std::string top = dir.write("top.json", R"({"extends": "base/base.json", "duration_s": 60})");
  CHECK(input_error([&] { load_scenario(top, {}); }) == base + ": roles.inference.count: expected an integer >= 1 and <= 1000000, got -3");
  const auto s = load_scenario(top, {"roles.inference.count=2"});
  CHECK(s.seed == 5);
  CHECK(s.duration_s == 60);
  CHECK(s.name == "top");
  CHECK(!s.resolved.contains("extends"));

  dir.write("a.json", R"({"extends": "b.json"})");
  dir.write("b.json", R"({"extends": "a.json"})");
  CHECK(input_error([&] { load_scenario(dir / "a.json", {}); }) ==
        (dir / "b.json") + ": extends: cycle " + (dir / "a.json") + " -> " + (dir / "b.json") + " -> " + (dir / "a.json"));
  const std::string orphan = dir.write("orphan.json", R"({"extends": "gone.json"})");
  CHECK(input_error([&] { load_scenario(orphan, {}); }) ==
        orphan + ": extends: cannot open '" + (dir / "gone.json") + "' (No such file or directory)");
}

TEST_CASE("changing a variant's type in an extending file needs the old parameters nulled") {
  TempDir dir;
  const std::string base = dir.write("base.json", R"({"workload": {"arrivals": {"type": "poisson", "rate_rps": 5}}})");
  const std::string top = dir.write("top.json", R"({"extends": "base.json", "workload": {"arrivals": {"type": "ramp", "from_rps": 1, "to_rps": 2}}})");
  CHECK(input_error([&] { load_scenario(top, {}); }) ==
        base + ": workload.arrivals.rate_rps: not a parameter of type 'ramp' (it belongs to poisson; set it to null where the type is changed)");
  const std::string fixed = dir.write("fixed.json", R"({"extends": "base.json", "workload": {"arrivals": {"type": "ramp", "rate_rps": null, "from_rps": 1, "to_rps": 2}}})");
  CHECK(load_scenario(fixed, {}).workload.arrivals.type == opgsim::ArrivalSpec::Type::Ramp);
}

TEST_CASE("a gpu catalog path is relative to the file that names it") {
  TempDir dir;
  const std::string f = dir.write("sub/s.json", R"({"roles": {"inference": {"service": {"type": "gpu", "catalog": "cat.json"}}}})");
  CHECK(load_scenario(f, {}).roles.inference.service.catalog_file == dir / "sub/cat.json");
}

TEST_CASE("a trace file is relative to the scenario file that names it") {
  TempDir dir;
  dir.write("base/base.json", R"({"workload": {"arrivals": {"type": "trace", "file": "traces/t.csv", "format": "azure"}}})");
  const std::string top = dir.write("top.json", R"({"extends": "base/base.json"})");
  const auto s = load_scenario(top, {});
  CHECK(s.workload.arrivals.type == opgsim::ArrivalSpec::Type::Trace);
  CHECK(s.workload.arrivals.trace_file == dir / "base/traces/t.csv");
  CHECK(s.workload.arrivals.trace_format == opgsim::workload::TraceFormat::Azure);
  CHECK(s.resolved["workload"]["arrivals"]["file"] == dir / "base/traces/t.csv");
  // Given with --set, it is relative to where the command runs.
  CHECK(load_scenario(top, {"workload.arrivals.file=x.csv"}).workload.arrivals.trace_file == "x.csv");
  // Overridden by the top file: relative to the top file.
  const std::string top2 = dir.write("top2.json", R"({"extends": "base/base.json", "workload": {"arrivals": {"file": "mine.csv"}}})");
  CHECK(load_scenario(top2, {}).workload.arrivals.trace_file == dir / "mine.csv");
}
