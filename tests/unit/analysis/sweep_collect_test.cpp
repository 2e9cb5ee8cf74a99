// Collecting a sweep from a folder of fake run folders: committed runs become curve points with
// their summary metrics and timeseries signals over the measured windows; a run folder without
// the completion marker (an interrupted run of an older opgsim) counts as not finished.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "analysis/io/output_folder.hpp"
#include "analysis/io/run_files.hpp"
#include "analysis/sweep/curve_writer.hpp"
#include "analysis/sweep/sweep_collect.hpp"
#include "tests/unit/config/temp_files.hpp"
#include "sim/roles/role_registry.hpp"

using namespace opgsim::analysis;
namespace fs = std::filesystem;

namespace {
// A run folder as `opgsim run` commits it: 10 s measured after 2 s of warm-up, three windows.
void fake_run(const std::string& dir, double throughput, double queue_in_window) {
  write_output_files(
      dir, {{"manifest.json", R"({"scenario": {"warmup_s": 2, "duration_s": 12}})"},
            {"summary.json", nlohmann::json{{"throughput_rps", throughput}, {"latency_s", {{"p99", 0.5}}}}.dump()},
            {"timeseries.csv", "t_start_s,t_end_s,queue_length\n0,2,100\n2,7," + std::to_string(queue_in_window) +
                                   "\n7,12,4\n"}});
}

SweepSpec rate_sweep() {
  SweepSpec spec;
  spec.scenario = "s.json";
  spec.params = {parse_param("workload.arrivals.rate_rps=5,10")};
  spec.replications = 2;
  return spec;
}

std::size_t column(const Curve& c, const std::string& name) {
  const auto it = std::find(c.metric_names.begin(), c.metric_names.end(), name);
  REQUIRE(it != c.metric_names.end());
  return static_cast<std::size_t>(it - c.metric_names.begin());
}
}  // namespace

TEST_CASE("collect averages the replications of each point and skips unfinished runs") {
  opgsim::testing::TempDir tmp;
  const std::string dir = tmp / "sweep";
  fake_run(dir + "/runs/p0000-r0", 4.0, 2);
  fake_run(dir + "/runs/p0000-r1", 6.0, 6);
  fake_run(dir + "/runs/p0001-r0", 9.0, 8);
  // p0001-r1 was killed half-way by an older opgsim: summary.json without the rest.
  tmp.write("sweep/runs/p0001-r1/summary.json", R"({"throughput_rps": 1000})");

  std::vector<std::string> missing;
  const Curve c = collect_curve(rate_sweep(), dir, {}, missing, opgsim::role_signals());
  CHECK(missing == std::vector<std::string>{"runs/p0001-r1"});
  REQUIRE(c.points.size() == 2);
  CHECK(c.param_names == std::vector<std::string>{"workload.arrivals.rate_rps"});
  const std::size_t tp = column(c, "throughput_rps");
  CHECK(c.points[0].metrics[tp].mean == doctest::Approx(5.0));
  CHECK(c.points[0].metrics[tp].n == 2);
  CHECK(c.points[1].metrics[tp].mean == doctest::Approx(9.0));
  CHECK(c.points[1].metrics[tp].n == 1);
  // Signals over the measured windows only (the warm-up window's 100 is left out).
  CHECK(c.points[0].metrics[column(c, "signals.queue_length.max")].mean == doctest::Approx(5.0));   // (4 + 6) / 2
  CHECK(c.points[0].metrics[column(c, "signals.queue_length.mean")].mean == doctest::Approx(4.0));  // (3 + 5) / 2
}

TEST_CASE("write_curve writes curve.csv and a table that counts the missing runs") {
  opgsim::testing::TempDir tmp;
  const std::string dir = tmp / "sweep";
  fake_run(dir + "/runs/p0000-r0", 4.0, 2);
  const std::string table = write_curve(rate_sweep(), dir, {}, opgsim::role_signals());
  CHECK(table.find("; 3 runs not finished") != std::string::npos);
  const Curve back = read_curve_file(dir);
  CHECK(back.points.size() == 2);
}
