// Verification modes through the engine: a class's proof or attestation is produced on its
// inference node after inference (stage `proof`, costs from models/proof), and a ZKML class on a
// model too large to prove is refused before anything runs.
#include <doctest/doctest.h>

#include "tests/engine/opgsim_process.hpp"

namespace {
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

const char* kScenario = R"({
  "duration_s": 200, "warmup_s": 10, "drain_s": 100,
  "platform": {"regions": [{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}]},
  "roles": {"inference": {"count": 4, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 4}},
            "verifier": {"count": 1}},
  "router": {"placement": "client"},
  "workload": {"arrivals": {"type": "poisson", "rate_rps": 2},
               "classes": [{"name": "proven", "verification": "%MODE%", "model_parameters": 119000}],
               "bytes_per_token": 1, "payload_overhead_bytes": 0},
  "proof": {"zkml": {"provers_per_node": 64}}
})";

nlohmann::json run_mode(const std::string& mode, const std::vector<std::string>& sets = {}) {
  const auto dir = temp_dir("proof-" + mode);
  std::string text = kScenario;
  text.replace(text.find("%MODE%"), 6, mode);
  std::ofstream(dir / "s.json") << text;
  std::vector<std::string> args{"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()};
  for (const auto& set : sets) args.insert(args.end(), {"--set", set});
  const auto r = run_opgsim(args, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto s = read_json(dir / "out" / "summary.json");
  std::filesystem::remove_all(dir);
  return s;
}
}  // namespace

TEST_CASE("the proof stage costs what models/proof says for each verification mode") {
  // Deterministic 1 s inference, no queueing, no network: the proof stage is the whole difference.
  CHECK(run_mode("vanilla")["stages"]["proof"]["max"].get<double>() == 0.0);
  // TEE: the node runs in confidential-computing mode, 7 % slower (opengradient-notes §3d), and
  // signs each result in 42 us.
  const auto tee = run_mode("tee");
  CHECK(tee["stages"]["inference"]["mean"].get<double>() == doctest::Approx(1.07));
  CHECK(tee["stages"]["proof"]["mean"].get<double>() == doctest::Approx(42e-6));
  // ZKML: EZKL proves a 119k-parameter model in 12.8 s (§3c); ZK-CRV at a tenth of that.
  CHECK(run_mode("zkml")["stages"]["proof"]["mean"].get<double>() == doctest::Approx(12.8));
  CHECK(run_mode("zk_crv")["stages"]["proof"]["mean"].get<double>() == doctest::Approx(1.28));
  // The costs are scenario inputs: OpenGradient's own "TEE 2-3x slower", and a prover 4x the laptop.
  CHECK(run_mode("tee", {"proof.tee.inference_slowdown=2.5"})["stages"]["inference"]["mean"].get<double>() ==
        doctest::Approx(2.5));
  CHECK(run_mode("zkml", {"proof.zkml.prover_speed_factor=4"})["stages"]["proof"]["mean"].get<double>() ==
        doctest::Approx(3.2));
}

TEST_CASE("zkml on a model too large to prove is a scenario error, exit 2, nothing written") {
  const auto dir = temp_dir("zk-too-large");
  std::ofstream(dir / "big.json") << R"({"roles": {"inference": {"service": {"type": "gpu", "model": "llama-3.1-8b"}}},
    "workload": {"classes": [{"name": "chat", "verification": "zkml"}]}})";
  const auto r = run_opgsim({"run", (dir / "big.json").string(), "--out", (dir / "out").string()}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("big.json: workload.classes[0].verification: zkml: model 'llama-3.1-8b' has 8.03e9 parameters, "
                   "more than max_provable_parameters 5e6: use tee") != std::string::npos);
  CHECK(!std::filesystem::exists(dir / "out"));
}
