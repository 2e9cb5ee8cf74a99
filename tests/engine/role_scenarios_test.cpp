// The shipped scenarios of the role pipeline, run in full: every invariant holds, and each fault
// scenario shows its fault in timeseries.csv and the recovery after it. The numbers they show
// are discussed in scenarios/README.md.
#include <doctest/doctest.h>

#include "tests/engine/opgsim_process.hpp"

namespace {
using nlohmann::json;
using opgsim::test::read_file;
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

struct Run {
  json summary;
  std::vector<std::map<std::string, double>> rows;  // timeseries.csv
};

Run run_scenario(const std::string& file, const std::vector<std::string>& sets = {}) {
  const auto dir = temp_dir("scenario");
  std::vector<std::string> args{"run", file, "--quiet", "--out", (dir / "out").string()};
  for (const auto& s : sets) args.insert(args.end(), {"--set", s});
  const auto r = run_opgsim(args, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  Run out{read_json(dir / "out" / "summary.json"),
          opgsim::test::parse_numeric_csv(read_file(dir / "out" / "timeseries.csv"))};
  std::filesystem::remove_all(dir);
  for (const auto& [name, check] : out.summary["invariants"].items()) {
    CAPTURE(name);
    CHECK(check["ok"].get<bool>());
  }
  return out;
}

// Mean of a column over the windows that start in [from, to).
double mean_over(const Run& r, double from, double to, const char* column) {
  double sum = 0;
  int n = 0;
  for (const auto& row : r.rows)
    if (from <= row.at("t_start_s") && row.at("t_start_s") < to) sum += row.at(column), ++n;
  REQUIRE(n > 0);
  return sum / n;
}

double at(const Run& r, double t, const char* column) {
  for (const auto& row : r.rows)
    if (row.at("t_start_s") <= t && t < row.at("t_end_s")) return row.at(column);
  FAIL("no window holds t = " << t);
  return 0;
}
}  // namespace

TEST_CASE("the OpenGradient-like scenario runs every stage and settles every request") {
  const Run r = run_scenario("scenarios/opengradient.json");
  const json& s = r.summary;
  CHECK(s["requests"]["completed"].get<int>() == s["requests"]["submitted"].get<int>());
  for (const char* stage : {"data", "proof", "storage", "verify", "settle"}) {
    CAPTURE(stage);
    CHECK(s["stages"][stage]["count"].get<int>() > 0);
  }
  CHECK(s["finality_s"]["p50"].get<double>() > s["latency_s"]["p50"].get<double>());
  CHECK(s["chain"]["pending_items_end"].get<int>() == 0);
}

TEST_CASE("the verifier shortage grows the backlog without bound and more verifiers bring it back") {
  const Run short_of = run_scenario("scenarios/verifier-shortage.json");
  // The backlog grows through the whole arrival period, and verify is most of the time to finality.
  CHECK(at(short_of, 300, "verifier_backlog") > 2 * at(short_of, 150, "verifier_backlog"));
  CHECK(at(short_of, 590, "verifier_backlog") > at(short_of, 300, "verifier_backlog") + 10000);
  const json& s = short_of.summary;
  CHECK(s["stages"]["verify"]["mean"].get<double>() > 0.5 * s["finality_s"]["mean"].get<double>());
  const Run fixed = run_scenario("scenarios/verifier-shortage.json", {"roles.verifier.count=4"});
  CHECK(at(fixed, 590, "verifier_backlog") < 200);
  CHECK(fixed.summary["stages"]["verify"]["mean"].get<double>() < 1.0);
}

TEST_CASE("validator faults halt settlement and it recovers when quorum returns") {
  const Run r = run_scenario("scenarios/validator-faults.json");
  CHECK(at(r, 250, "up_validator") == 2);
  CHECK(at(r, 250, "blocks") == 0);
  CHECK(at(r, 340, "settlement_pending") > 10000);
  CHECK(at(r, 500, "up_validator") == 3);
  CHECK(at(r, 500, "settlement_pending") < 2000);
  CHECK(r.summary["chain"]["failed_rounds"].get<int>() > 0);
  CHECK(r.summary["requests"]["completed"].get<int>() == r.summary["requests"]["submitted"].get<int>());
}

TEST_CASE("a region outage takes its nodes out and the network recovers after it") {
  const Run r = run_scenario("scenarios/region-outage.json");
  CHECK(at(r, 150, "up_inference") == 24);
  CHECK(at(r, 250, "up_inference") == 16);
  // Requests end when settled, in batches: compare means over the cut and around it. The us
  // clients' third of the load cannot reach the gateway during the cut.
  const double before = mean_over(r, 100, 200, "throughput_rps");
  CHECK(mean_over(r, 210, 320, "throughput_rps") < 0.8 * before);
  CHECK(at(r, 450, "up_inference") == 24);
  CHECK(mean_over(r, 400, 600, "throughput_rps") > 0.9 * before);
  CHECK(r.summary["requests"]["timed_out"].get<int>() > 0);
}

TEST_CASE("the ZKML-heavy mix puts proving in the user's latency") {
  const Run r = run_scenario("scenarios/zkml-heavy.json");
  const json& s = r.summary;
  // 40 % of requests prove for 3.2 s; waiting for a prover (about 80 % busy) only adds to that.
  const double proving = 0.40 * 12.8 / 4;
  CHECK(s["stages"]["proof"]["mean"].get<double>() > proving);
  CHECK(s["stages"]["proof"]["mean"].get<double>() < 1.5 * proving);
  CHECK(s["latency_s"]["p50"].get<double>() > 3.5);
  CHECK(s["requests"]["completed"].get<int>() == s["requests"]["submitted"].get<int>());
}

TEST_CASE("random faults of every kind on every role still end every request in one state") {
  // Crashes of every node (mean 150 s up, 20 s down), slow and malicious inference nodes, and
  // cuts of any region, all at once on the OpenGradient-like network.
  const Run r = run_scenario(
      "scenarios/opengradient.json",
      {"duration_s=300", R"(faults={"processes": [
         {"kind": "crash", "mttf_s": 150, "mttr_s": 20},
         {"kind": "slow", "role": "inference", "mttf_s": 100, "mttr_s": 30, "factor": 3},
         {"kind": "malicious", "role": "inference", "mttf_s": 200, "mttr_s": 60, "factor": 0.5},
         {"kind": "region_cut", "mttf_s": 400, "mttr_s": 15}]})"});
  const json& req = r.summary["requests"];
  CHECK(req["failed"].get<int>() > 0);
  CHECK(req["invalid"].get<int>() > 0);     // malicious results that verification caught
  CHECK(req["completed"].get<int>() > req["submitted"].get<int>() / 2);
  int fewer_up = 0;
  for (const auto& row : r.rows) fewer_up += row.at("up_inference") < 24 ? 1 : 0;
  CHECK(fewer_up > 0);
}
