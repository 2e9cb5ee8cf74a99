// Inference pools through the binary (issue 12 item 3): the two-pool scenario runs with every
// invariant true and its classes land only on pools serving their model; the pool validation
// errors exit 2 with one line naming the file and the JSON path.
#include <doctest/doctest.h>

#include <algorithm>

#include "tests/engine/opgsim_process.hpp"

namespace {
using nlohmann::json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;
namespace fs = std::filesystem;

// Runs `opgsim run s.json` on `scenario` and returns (exit code, stderr).
std::pair<int, std::string> run_text(const std::string& name, const json& scenario) {
  const auto dir = temp_dir(name);
  std::ofstream(dir / "s.json") << scenario.dump(2);
  const auto r = run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
  fs::remove_all(dir);
  return {r.exit_code, r.err};
}

// Two pools of plain servers: "big" (2 nodes) serves model a, "small" (1 node) serves model b.
json two_pools() {
  return json::parse(R"({
    "duration_s": 20, "drain_s": 30,
    "platform": {"regions": [{"name": "lab"}]},
    "roles": {"inference": {"pools": [
      {"name": "big", "count": 2, "model": "a", "service": {"type": "deterministic", "mean_s": 0.05, "concurrency": 4}},
      {"name": "small", "count": 1, "model": "b", "service": {"type": "deterministic", "mean_s": 0.01, "concurrency": 4}}]}},
    "workload": {"arrivals": {"type": "poisson", "rate_rps": 20},
                 "classes": [{"name": "ca", "model": "a"}, {"name": "cb", "model": "b"}, {"name": "any"}]}
  })");
}

void expect_error(const std::string& name, const json& scenario, const std::string& path, const std::string& what) {
  const auto [code, err] = run_text(name, scenario);
  INFO(err);
  CHECK(code == 2);
  CHECK(std::count(err.begin(), err.end(), '\n') == 1);
  CHECK(err.find("s.json: " + path + ": ") != std::string::npos);
  CHECK(err.find(what) != std::string::npos);
}
}  // namespace

TEST_CASE("the two-pool scenario routes each class only to the pools serving its model") {
  const auto dir = temp_dir("two-pools");
  const auto r = run_opgsim({"run", "scenarios/two-pools.json", "--quiet", "--set", "duration_s=60", "--set",
                             "warmup_s=10", "--out", (dir / "out").string()},
                            dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);  // 3 when an invariant fails
  const json s = opgsim::test::read_json(dir / "out" / "summary.json");
  fs::remove_all(dir);
  for (const auto& [name, check] : s["invariants"].items()) CHECK_MESSAGE(check["ok"].get<bool>(), name);
  const json& pools = s["pools"];
  REQUIRE(pools.size() == 3);
  // class -> the one pool that serves its model
  const std::map<std::string, std::string> home{
      {"llm", "h100-llm"}, {"small-zkml", "cpu-zkml"}, {"llm-tee-proxy", "tee-proxy"}};
  std::uint64_t routed = 0;
  for (const json& pool : pools) {
    for (const auto& [cls, n] : pool["routed_by_class"].items()) {
      if (home.at(cls) == pool["name"]) {
        CHECK_MESSAGE(n.get<std::uint64_t>() > 0, cls);  // each class did reach its own pool
      } else {
        CHECK_MESSAGE(n.get<std::uint64_t>() == 0, fmt::format("{} on {}", cls, pool["name"].get<std::string>()));
      }
    }
    routed += pool["routed"].get<std::uint64_t>();
    CHECK(pool["completed"].get<std::uint64_t>() > 0);
    CHECK(pool["utilization"].get<double>() > 0);
    CHECK(pool["utilization"].get<double>() <= 1);
  }
  CHECK(routed > 0);
  CHECK(pools[1]["nodes"] == 4);
  CHECK(pools[2]["model"] == "upstream-frontier");
}

TEST_CASE("a class without a model goes to every pool, one with a model only to its own") {
  const auto dir = temp_dir("pools-any");
  std::ofstream(dir / "s.json") << two_pools().dump(2);
  const auto r = run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json s = opgsim::test::read_json(dir / "out" / "summary.json");
  fs::remove_all(dir);
  const json& big = s["pools"][0]["routed_by_class"];
  const json& small = s["pools"][1]["routed_by_class"];
  CHECK(big["ca"].get<int>() > 0);
  CHECK(big["cb"].get<int>() == 0);
  CHECK(small["ca"].get<int>() == 0);
  CHECK(small["cb"].get<int>() > 0);
  CHECK(big["any"].get<int>() > 0);
  CHECK(small["any"].get<int>() > 0);
  CHECK(s["requests"]["completed"].get<int>() == s["requests"]["submitted"].get<int>());
}

TEST_CASE("each pool's operators pay the pool's hardware price: an expensive pool's operators leave alone") {
  // Big's nodes cost 1,000 USD/h (cost_usd_per_hour), small's node the 0.01 USD/h unit price (not
  // a gpu node: one unit). Revenue is far below 1,000 USD/h and far above 0.01 USD/h, so with a
  // patience of one epoch exactly big's two operators leave, at the first epoch's end; without
  // the pool's price every node pays 0.01 USD/h and nobody leaves.
  json s = two_pools();
  s["duration_s"] = 60;
  s["economy"] = json::parse(R"({"enabled": true, "epoch_s": 10,
      "operators": {"gpu_cost_usd_per_hour": 0.01, "patience_epochs": 1, "min_active": 0, "cost_spread": 0}})");
  const auto events_of = [](const std::string& name, const json& scenario) {
    const auto dir = temp_dir(name);
    std::ofstream(dir / "s.json") << scenario.dump(2);
    const auto r = run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string events = opgsim::test::read_file(dir / "out" / "events.csv");
    fs::remove_all(dir);
    return events;
  };
  const std::string flat = events_of("pools-cost-flat", s);
  CHECK(flat.find("operator_left") == std::string::npos);
  s["roles"]["inference"]["pools"][0]["cost_usd_per_hour"] = 1000;
  const std::string priced = events_of("pools-cost", s);
  CHECK(priced.find("10,operator_left,operator[0],") != std::string::npos);
  CHECK(priced.find("10,operator_left,operator[1],") != std::string::npos);
  CHECK(priced.find("operator_left,operator[2],") == std::string::npos);
}

TEST_CASE("a class whose model no pool serves is refused") {
  json s = two_pools();
  s["workload"]["classes"][1]["model"] = "c";
  expect_error("pools-nomodel", s, "workload.classes[1].model", "no pool serves model 'c' (roles.inference.pools serve: a, b)");
}

TEST_CASE("duplicate pool names are refused") {
  json s = two_pools();
  s["roles"]["inference"]["pools"][1]["name"] = "big";
  expect_error("pools-dup", s, "roles.inference.pools[1].name", "duplicate pool name 'big'");
}

TEST_CASE("pools together with the single-node form are refused") {
  json s = two_pools();
  s["roles"]["inference"]["count"] = 3;
  expect_error("pools-both", s, "roles.inference.pools", "both pools and the single-node form (roles.inference.count is set)");
  json t = two_pools();
  t["roles"]["inference"]["service"] = {{"type", "exponential"}};
  expect_error("pools-both-service", t, "roles.inference.pools",
               "both pools and the single-node form (roles.inference.service is set)");
}

TEST_CASE("a pool without a model needs a gpu service, and a gpu pool's model is its service's") {
  json s = two_pools();
  s["roles"]["inference"]["pools"][0].erase("model");
  expect_error("pools-model", s, "roles.inference.pools[0].model", "required for a deterministic service");
  json g = two_pools();
  g["roles"]["inference"]["pools"][0]["service"] = {{"type", "gpu"}, {"model", "llama-3.1-8b"}};
  expect_error("pools-gpu-model", g, "roles.inference.pools[0].model", "the gpu service serves 'llama-3.1-8b', not 'a'");
}

TEST_CASE("a tee proxy's p90 below its median is refused") {
  json s = two_pools();
  s["roles"]["inference"]["pools"][1]["service"] = {{"type", "tee_proxy"}, {"ttft_median_s", 1.0}, {"ttft_p90_s", 0.5}};
  expect_error("pools-p90", s, "roles.inference.pools[1].service.ttft_p90_s", "expected a number >= ttft_median_s");
}

TEST_CASE("central_queue is refused with pools") {
  json s = two_pools();
  s["router"] = {{"policy", {{"type", "central_queue"}}}};
  expect_error("pools-central", s, "router.policy.type", "central_queue cannot be combined with roles.inference.pools");
}

TEST_CASE("without pools a class may only name the gpu service's model") {
  const json s = json::parse(R"({"duration_s": 10, "platform": {"regions": [{"name": "lab"}]},
    "roles": {"inference": {"count": 1, "service": {"type": "gpu", "model": "llama-3.1-8b"}}},
    "workload": {"classes": [{"name": "c", "model": "mistral-7b"}]}})");
  expect_error("nopools-model", s, "workload.classes[0].model", "no node serves 'mistral-7b' (roles.inference.service serves 'llama-3.1-8b')");
}
