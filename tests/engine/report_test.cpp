// `opgsim report` through the real binary: a run folder and a sweep folder of tiny runs get
// DIR/report/index.html and every SVG and PNG figure it links; bad input exits with code 2 and
// writes nothing; a missing gnuplot is exit 2 with how to install it; a failing gnuplot is exit 1
// naming the script. The checks that draw figures need gnuplot (gnuplot-nox) on PATH and are
// skipped with a message without it.
#include <doctest/doctest.h>

#include <regex>

#include "tests/engine/opgsim_process.hpp"

namespace {

using opgsim::test::read_file;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;
namespace fs = std::filesystem;

bool gnuplot_on_path() { return std::system("command -v gnuplot >/dev/null 2>&1") == 0; }

// A few seconds of simulated time on two nodes: enough rows for every figure, instant to run.
const std::vector<std::string> kTiny{"--set", "duration_s=40",           "--set", "warmup_s=10",
                                     "--set", "drain_s=20",              "--set", "roles.inference.count=2",
                                     "--set", "workload.arrivals.rate_rps=5"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// PATH for the duration of a test case.
struct ScopedPath {
  std::string saved;
  explicit ScopedPath(const std::string& path) : saved(std::getenv("PATH") ? std::getenv("PATH") : "") {
    ::setenv("PATH", path.c_str(), 1);
  }
  ~ScopedPath() { ::setenv("PATH", saved.c_str(), 1); }
};

bool leftover_staging(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind(".report.", 0) == 0) return true;
  return false;
}

// index.html exists, is self-contained, shows each figure as SVG with a PNG link, and every file
// it links is there and is what its name says.
void check_report(const fs::path& dir, const std::vector<std::string>& figures) {
  const fs::path report = dir / "report";
  REQUIRE(fs::is_regular_file(report / "index.html"));
  const std::string html = read_file(report / "index.html");
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<table>") != std::string::npos);
  for (const std::string& f : figures) {
    INFO("figure " << f);
    CHECK(html.find("<img src=\"" + f + ".svg\"") != std::string::npos);
    CHECK(html.find("href=\"" + f + ".png\"") != std::string::npos);
  }
  static const std::regex link(R"re((?:src|href)="([^"]+)")re");
  int linked = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), link); it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1].str();
    INFO("linked file " << name);
    REQUIRE(fs::is_regular_file(report / name));
    const std::string data = read_file(report / name);
    CHECK(data.size() > 1000);
    if (name.ends_with(".svg")) CHECK(data.find("<svg") != std::string::npos);
    if (name.ends_with(".png")) CHECK(data.rfind("\x89PNG", 0) == 0);
    ++linked;
  }
  CHECK(linked >= 2 * static_cast<int>(figures.size()));
  CHECK(!leftover_staging(dir));
}

}  // namespace

TEST_CASE("report: a run folder gets its time series and, with the economy, its ledger drawn") {
  if (!gnuplot_on_path()) {
    MESSAGE("gnuplot is not on PATH: skipping the figures of opgsim report (bash setup.sh installs gnuplot-nox)");
    return;
  }
  const auto dir = temp_dir("report-run");
  const fs::path run = dir / "run";
  REQUIRE(run_opgsim(with({"run", "scenarios/baseline.json", "--quiet", "--out", run.string()}, kTiny), dir).exit_code == 0);
  auto r = run_opgsim({"report", run.string()}, dir);
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("index.html") != std::string::npos);
  check_report(run, {"timeseries"});
  const std::string html = read_file(run / "report" / "index.html");
  CHECK(html.find("baseline") != std::string::npos);            // the scenario's name
  CHECK(html.find("opgsim run scenarios/baseline.json") != std::string::npos);  // what was run
  CHECK(html.find("latency p99") != std::string::npos);          // the summary's numbers

  // Again: the report is replaced as a whole.
  r = run_opgsim({"report", run.string()}, dir);
  CHECK(r.exit_code == 0);
  check_report(run, {"timeseries"});

  const fs::path econ = dir / "econ";
  REQUIRE(run_opgsim({"run", "scenarios/economy/hype-fade.json", "--quiet", "--out", econ.string(), "--set",
                      "duration_s=180", "--set", "drain_s=30", "--set", "economy.users.initial_users=100"},
                     dir)
              .exit_code == 0);
  REQUIRE(fs::is_regular_file(econ / "ledger.csv"));
  r = run_opgsim({"report", econ.string()}, dir);
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  check_report(econ, {"timeseries", "ledger"});
}

TEST_CASE("report: a sweep folder gets its curve, stages and one run's time series drawn") {
  if (!gnuplot_on_path()) {
    MESSAGE("gnuplot is not on PATH: skipping the figures of opgsim report (bash setup.sh installs gnuplot-nox)");
    return;
  }
  const auto dir = temp_dir("report-sweep");
  const fs::path sweep = dir / "sweep";
  const auto s = run_opgsim(with({"sweep", "scenarios/baseline.json", "--param", "workload.arrivals.rate_rps=5,10",
                                  "--replications", "2", "--jobs", "2", "--out", sweep.string()},
                                 kTiny),
                            dir);
  INFO("sweep stderr: " << s.err);
  REQUIRE(s.exit_code == 0);
  REQUIRE(fs::is_regular_file(sweep / "curve.csv"));
  const auto r = run_opgsim({"report", sweep.string()}, dir);
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  check_report(sweep, {"throughput", "latency", "stages", "timeseries"});
  const std::string html = read_file(sweep / "report" / "index.html");
  CHECK(html.find("workload.arrivals.rate_rps") != std::string::npos);  // the swept parameter
  CHECK(html.find("runs/p0001-r0") != std::string::npos);               // the run drawn over time
  CHECK(fs::is_regular_file(sweep / "report" / "curve-plot.csv"));
}

TEST_CASE("report: a missing folder, or one that is neither a sweep nor a run, is bad input (exit 2)") {
  const auto dir = temp_dir("report-bad");
  auto r = run_opgsim({"report", (dir / "nope").string()}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find((dir / "nope").string() + ": no such folder") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);

  r = run_opgsim({"report", dir.string()}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("neither curve.csv") != std::string::npos);

  std::ofstream(dir / "curve.csv") << "workload.arrivals.rate_rps,throughput_rps_mean,throughput_rps_ci95\n5,4.9,0.1\n";
  r = run_opgsim({"report", dir.string()}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("curve.csv") != std::string::npos);
  CHECK(!fs::exists(dir / "report"));
  CHECK(!leftover_staging(dir));
}

TEST_CASE("report: without gnuplot it says how to install it (exit 2), and a failing gnuplot is exit 1") {
  const auto dir = temp_dir("report-gnuplot");
  const fs::path run = dir / "run";
  REQUIRE(run_opgsim(with({"run", "scenarios/baseline.json", "--quiet", "--out", run.string()}, kTiny), dir).exit_code == 0);
  const std::string path = std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";

  const fs::path empty = dir / "empty-bin";
  fs::create_directories(empty);
  {
    ScopedPath p(empty.string());
    const auto r = run_opgsim({"report", run.string()}, dir);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("gnuplot not found: install gnuplot-nox") != std::string::npos);
  }

  // A "gnuplot" that fails the way gnuplot does: the script's line and what is wrong.
  const fs::path fake = dir / "fake-bin";
  fs::create_directories(fake);
  std::ofstream(fake / "gnuplot") << "#!/bin/sh\necho 'plot foo' >&2\necho '     ^' >&2\n"
                                     "echo '\"x.gp\" line 3: undefined variable: foo' >&2\nexit 1\n";
  fs::permissions(fake / "gnuplot", fs::perms::owner_all);
  {
    ScopedPath p(fake.string() + ":" + path);
    const auto r = run_opgsim({"report", run.string()}, dir);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("run-timeseries.gp") != std::string::npos);
    CHECK(r.err.find("line 3: undefined variable: foo") != std::string::npos);
  }
  CHECK(!fs::exists(run / "report"));  // all or nothing
  CHECK(!leftover_staging(run));
}
