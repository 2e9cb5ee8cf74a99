// Queueing-theory validation of the engine: scenarios/validation/mmc.json (central FIFO,
// exponential service, negligible network) against Erlang C, and Little's law on the same runs.
// Run lengths are chosen so that the statistical error of the mean wait (from the M/M/c
// autocorrelation: about 1.1 % for M/M/1 at 0.8 with 1.2 M customers, 1.4 % for M/M/16 at 0.9
// with 4 M) is well inside the 5 % band.
#include <doctest/doctest.h>

#include "analysis/queueing.hpp"
#include "tests/engine/opgsim_process.hpp"

namespace {

using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

void check_mmc(int c, double load, double duration_s, const std::string& name) {
  const auto dir = temp_dir(name);
  const double lambda = load * c;
  const auto r = run_opgsim({"run", "scenarios/validation/mmc.json", "--quiet", "--out", (dir / "out").string(),
                             "--set", fmt::format("roles.inference.count={}", c), "--set",
                             fmt::format("workload.arrivals.rate_rps={}", lambda), "--set",
                             fmt::format("duration_s={}", duration_s)},
                            dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto s = read_json(dir / "out" / "summary.json");

  const double expected = opgsim::analysis::mmc_mean_wait(c, lambda, 1.0);
  const double measured = s["stages"]["queue"]["mean"].get<double>();
  INFO("c=" << c << " load=" << load << " Erlang-C wait " << expected << " s, simulated " << measured << " s");
  CHECK(std::abs(measured - expected) / expected < 0.05);

  // Service itself is exponential with mean 1 s, the server busy fraction is the load.
  CHECK(std::abs(s["stages"]["inference"]["mean"].get<double>() - 1.0) < 0.01);
  CHECK(std::abs(s["utilization"]["inference"].get<double>() - load) < 0.01);

  // Little's law: time-average number in system = arrival rate x mean time in system.
  CHECK(s["littles_law"]["relative_error"].get<double>() < 0.01);
  const double L = s["littles_law"]["mean_in_system"].get<double>();
  const double W = expected + 1.0;
  CHECK(std::abs(L - lambda * W) / (lambda * W) < 0.05);

  CHECK(s["invariants"]["every_request_terminal"]["ok"].get<bool>());
  CHECK(s["requests"]["completed"] == s["requests"]["submitted"]);
  std::filesystem::remove_all(dir);
}

}  // namespace

TEST_CASE("M/M/1 at load 0.8: mean queue wait matches Erlang C within 5 %") {
  check_mmc(1, 0.8, 1.5e6, "mm1");
}

TEST_CASE("M/M/16 at load 0.9: mean queue wait matches Erlang C within 5 %") {
  check_mmc(16, 0.9, 2.8e5, "mm16");
}
