// opgsim sweep, collect and the Slurm backend: points as a product or zipped, replications with
// their own seeds and a Student-t interval, resuming an interrupted sweep, bad input before any
// run, and a Slurm array run task by task (the local stand-in for sbatch) collected into the
// same curve a local sweep writes; zip groups times a product, object values and OPG metrics,
// and a requested metric some runs lack.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/curve.hpp"
#include "tests/engine/opgsim_process.hpp"

namespace {
using opgsim::test::parse_numeric_csv;
using opgsim::test::read_file;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;
namespace fs = std::filesystem;

// A small M/M/2 sweep: 2 rates x 2 seeds-worth of node counts, 2 replications each.
std::vector<std::string> small_sweep(const fs::path& out, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{"sweep", "scenarios/validation/mmc.json", "--set", "duration_s=500", "--set",
                                "warmup_s=50", "--set", "drain_s=500", "--param", "roles.inference.count=2,3",
                                "--param", "workload.arrivals.rate_rps=1,1.5", "--replications", "2", "-j", "2",
                                "--out", out.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}
}  // namespace

TEST_CASE("a sweep runs every combination and replication and writes the curve with intervals") {
  const auto dir = temp_dir("sweep-product");
  auto r = run_opgsim(small_sweep(dir / "a"), dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("4 points x 2 replications = 8 runs, 0 already done, 8 to run") != std::string::npos);
  const auto rows = parse_numeric_csv(read_file(dir / "a" / "curve.csv").substr(0));
  REQUIRE(rows.size() == 4);
  // Product order, the last parameter fastest.
  CHECK(rows[0].at("roles.inference.count") == 2);
  CHECK(rows[0].at("workload.arrivals.rate_rps") == 1);
  CHECK(rows[1].at("workload.arrivals.rate_rps") == 1.5);
  CHECK(rows[2].at("roles.inference.count") == 3);
  for (const auto& row : rows) {
    CHECK(row.at("throughput_rps_n") == 2);
    CHECK(row.at("throughput_rps_ci95") > 0);  // two seeds, two different runs
  }
  // The same sweep again gives the same curve (seeds are derived, not drawn).
  r = run_opgsim(small_sweep(dir / "b"), dir);
  REQUIRE(r.exit_code == 0);
  CHECK(read_file(dir / "a" / "curve.csv") == read_file(dir / "b" / "curve.csv"));
  // Interrupted: a run lost. Re-running reuses the 7 others and rebuilds the same curve.
  fs::remove_all(dir / "a" / "runs" / "p0002-r1");
  r = run_opgsim(small_sweep(dir / "a"), dir);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("7 already done, 1 to run") != std::string::npos);
  CHECK(read_file(dir / "a" / "curve.csv") == read_file(dir / "b" / "curve.csv"));
  // A different sweep into the same folder is refused.
  r = run_opgsim({"sweep", "scenarios/validation/mmc.json", "--param", "workload.arrivals.rate_rps=1", "--out",
                  (dir / "a").string()},
                 dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("this folder holds another sweep") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("zipped parameters pair their values and bad input stops a sweep before any run") {
  const auto dir = temp_dir("sweep-zip");
  auto r = run_opgsim({"sweep", "scenarios/validation/mmc.json", "--set", "duration_s=200", "--set", "warmup_s=20",
                       "--param", "roles.inference.count=2,4", "--param", "workload.arrivals.rate_rps=1,2", "--zip",
                       "--out", (dir / "z").string()},
                      dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto rows = parse_numeric_csv(read_file(dir / "z" / "curve.csv"));
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].at("roles.inference.count") == 4);
  CHECK(rows[1].at("workload.arrivals.rate_rps") == 2);

  r = run_opgsim({"sweep", "scenarios/validation/mmc.json", "--param", "roles.inference.count=2,4", "--param",
                  "workload.arrivals.rate_rps=1", "--zip", "--out", (dir / "bad").string()},
                 dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--zip: --param workload.arrivals.rate_rps has 1 values but roles.inference.count has 2") !=
        std::string::npos);
  r = run_opgsim({"sweep", "scenarios/validation/mmc.json", "--param", "roles.inference.count=2,-1", "--out",
                  (dir / "bad").string()},
                 dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("roles.inference.count") != std::string::npos);
  CHECK(!fs::exists(dir / "bad"));
  fs::remove_all(dir);
}

TEST_CASE("a Slurm array run task by task and collected gives the curve of a local sweep") {
  const auto dir = temp_dir("sweep-slurm");
  auto r = run_opgsim(small_sweep(dir / "slurm", {"--emit", "slurm"}), dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string batch = read_file(dir / "slurm" / "sweep.sbatch");
  CHECK(batch.find("#SBATCH --array=0-7") != std::string::npos);
  CHECK(!fs::exists(dir / "slurm" / "curve.csv"));
  // No memory request: a cluster without node memory configured rejects any (sbatch --mem=... adds one).
  CHECK(batch.find("#SBATCH --mem") == std::string::npos);
  // Collecting before the array ran fails (a curve of 0 runs is no result), naming what is missing.
  r = run_opgsim({"collect", (dir / "slurm").string()}, dir);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("error: 8 of 8 runs not finished") != std::string::npos);
  // run_task.sh runs $OPGSIM_BIN when set (the binary where the compute nodes find it).
  {
    const std::string cmd = fmt::format("SLURM_ARRAY_TASK_ID=0 OPGSIM_BIN=/nonexistent/opgsim sh {} > /dev/null 2>&1",
                                        opgsim::test::shell_quote((dir / "slurm" / "run_task.sh").string()));
    CHECK(std::system(cmd.c_str()) != 0);
    CHECK(!fs::exists(dir / "slurm" / "runs" / "p0000-r0"));
  }
  // What Slurm would do: run_task.sh once per array index.
  for (int task = 0; task < 8; ++task) {
    const std::string cmd = fmt::format("SLURM_ARRAY_TASK_ID={} sh {} > /dev/null 2>&1", task,
                                        opgsim::test::shell_quote((dir / "slurm" / "run_task.sh").string()));
    REQUIRE(std::system(cmd.c_str()) == 0);
  }
  r = run_opgsim({"collect", (dir / "slurm").string()}, dir);
  REQUIRE(r.exit_code == 0);
  r = run_opgsim(small_sweep(dir / "local"), dir);
  REQUIRE(r.exit_code == 0);
  CHECK(read_file(dir / "slurm" / "curve.csv") == read_file(dir / "local" / "curve.csv"));
  // sbatch --test-only where a Slurm controller answers (the client alone, without a cluster
  // configured, cannot check anything).
  if (std::system("command -v sbatch > /dev/null 2>&1 && sinfo > /dev/null 2>&1") == 0) {
    const std::string cmd = fmt::format("sbatch --test-only {} > /dev/null 2>&1",
                                        opgsim::test::shell_quote((dir / "slurm" / "sweep.sbatch").string()));
    CHECK(std::system(cmd.c_str()) == 0);
  } else {
    MESSAGE("no Slurm controller answers: the generated script was run task by task instead");
  }
  fs::remove_all(dir);
}

namespace {
// fees-too-low for two minutes: an economy run of a fraction of a second.
std::vector<std::string> fee_sweep(const fs::path& out, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{
      "sweep", "scenarios/economy/fees-too-low.json", "--set", "duration_s=120", "--set", "drain_s=30",
      "--param", R"(economy.fees.shares={"operator":1};{"operator":0.5, "burn":0.5})",
      "--param", "economy.fees.usd_per_million_input=0.04,0.08",
      "--param", "economy.fees.usd_per_million_output=0.2,0.4",
      "--zip-group", "economy.fees.usd_per_million_input,economy.fees.usd_per_million_output",
      "--metric", "economy.totals.fees_opg", "--metric", "economy.totals.burned_opg", "--out", out.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}
}  // namespace

TEST_CASE("a zip group times an object-valued param, with OPG amounts as curve metrics, locally and by Slurm") {
  const auto dir = temp_dir("sweep-mixed");
  auto r = run_opgsim(fee_sweep(dir / "a"), dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("4 points x 1 replications = 4 runs") != std::string::npos);
  const std::string csv = read_file(dir / "a" / "curve.csv");
  const auto curve = opgsim::analysis::parse_curve_csv(csv, "curve.csv");
  REQUIRE(curve.points.size() == 4);
  REQUIRE(curve.param_names.size() == 3);
  // The object-valued param is the slow factor, the zipped prices the fast one.
  const std::vector<std::vector<std::string>> expected = {{R"({"operator":1})", "0.04", "0.2"},
                                                          {R"({"operator":1})", "0.08", "0.4"},
                                                          {R"({"burn":0.5,"operator":0.5})", "0.04", "0.2"},
                                                          {R"({"burn":0.5,"operator":0.5})", "0.08", "0.4"}};
  for (std::size_t p = 0; p < 4; ++p) CHECK(curve.points[p].params == expected[p]);
  // The JSON value is one quoted CSV cell.
  CHECK(csv.find("\n\"{\"\"operator\"\":1}\",0.04,0.2,") != std::string::npos);
  const auto metric = [&](const std::string& m) {
    const auto it = std::find(curve.metric_names.begin(), curve.metric_names.end(), m);
    REQUIRE(it != curve.metric_names.end());
    return static_cast<std::size_t>(it - curve.metric_names.begin());
  };
  const std::size_t fees = metric("economy.totals.fees_opg"), burned = metric("economy.totals.burned_opg");
  for (const auto& pt : curve.points) CHECK(pt.metrics[fees].n == 1);
  CHECK(curve.points[0].metrics[fees].mean > 0);
  CHECK(curve.points[1].metrics[fees].mean > 1.5 * curve.points[0].metrics[fees].mean);  // twice the price
  CHECK(curve.points[0].metrics[burned].mean == 0);  // all to the operator
  // Half of every fee burned: the burn is half the fees (to the printed precision).
  CHECK(curve.points[2].metrics[burned].mean == doctest::Approx(curve.points[2].metrics[fees].mean / 2).epsilon(1e-6));
  // The same sweep through a Slurm array (JSON values through runs.txt's shell quoting) and collect.
  r = run_opgsim(fee_sweep(dir / "slurm", {"--emit", "slurm"}), dir);
  REQUIRE(r.exit_code == 0);
  CHECK(read_file(dir / "slurm" / "sweep.json").find("\"zip_groups\"") != std::string::npos);
  for (int task = 0; task < 4; ++task) {
    const std::string cmd = fmt::format("SLURM_ARRAY_TASK_ID={} sh {} > /dev/null 2>&1", task,
                                        opgsim::test::shell_quote((dir / "slurm" / "run_task.sh").string()));
    REQUIRE(std::system(cmd.c_str()) == 0);
  }
  r = run_opgsim({"collect", (dir / "slurm").string(), "--metric", "economy.totals.fees_opg", "--metric",
                  "economy.totals.burned_opg"},
                 dir);
  REQUIRE(r.exit_code == 0);
  CHECK(read_file(dir / "slurm" / "curve.csv") == csv);
  fs::remove_all(dir);
}

TEST_CASE("a requested metric some runs lack is a warning naming the first, and bad JSON or groups stop a sweep") {
  const auto dir = temp_dir("sweep-metric-missing");
  auto r = run_opgsim(fee_sweep(dir / "a"), dir);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("warning") == std::string::npos);
  // Point 2's run without its fees (as a run of an older binary, or another scenario, would be).
  const fs::path summary = dir / "a" / "runs" / "p0002-r0" / "summary.json";
  nlohmann::json j = nlohmann::json::parse(read_file(summary));
  j["economy"]["totals"].erase("fees_opg");
  std::ofstream(summary) << j.dump(2);
  r = run_opgsim({"collect", (dir / "a").string(), "--metric", "economy.totals.fees_opg"}, dir);
  CHECK(r.exit_code == 0);
  CHECK(r.err == fmt::format("warning: --metric economy.totals.fees_opg: absent from some runs, first "
                             "{}/runs/p0002-r0/summary.json; its _n counts the runs that have it\n",
                             (dir / "a").string()));
  const auto curve = opgsim::analysis::parse_curve_csv(read_file(dir / "a" / "curve.csv"), "curve.csv");
  const auto m = std::find(curve.metric_names.begin(), curve.metric_names.end(), "economy.totals.fees_opg");
  REQUIRE(m != curve.metric_names.end());
  CHECK(curve.points[2].metrics[m - curve.metric_names.begin()].n == 0);
  CHECK(curve.points[3].metrics[m - curve.metric_names.begin()].n == 1);

  r = run_opgsim({"sweep", "scenarios/economy/fees-too-low.json", "--param", R"(economy.fees.shares={"operator":1)",
                  "--out", (dir / "bad").string()},
                 dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(R"(error: --param 'economy.fees.shares={"operator":1': '{"operator":1' is not a JSON value)") == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  r = run_opgsim({"sweep", "scenarios/economy/fees-too-low.json", "--param", "economy.fees.cap_opg=0.1,0.2", "--param",
                  "duration_s=60", "--zip-group", "economy.fees.cap_opg,duration_s", "--out", (dir / "bad").string()},
                 dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err == "error: --zip-group: --param duration_s has 1 values but economy.fees.cap_opg has 2\n");
  r = run_opgsim({"sweep", "scenarios/economy/fees-too-low.json", "--param", "economy.fees.cap_opg=0.1,0.2", "--zip",
                  "--zip-group", "economy.fees.cap_opg", "--out", (dir / "bad").string()},
                 dir);
  CHECK(r.exit_code == 2);
  CHECK(!fs::exists(dir / "bad"));
  fs::remove_all(dir);
}
