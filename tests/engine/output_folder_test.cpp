// `opgsim run`'s output folder: a path that cannot be written is bad input reported before the
// simulation (one line naming the path, exit 2), and a run into the folder of an earlier run
// replaces the whole folder, so no file of the earlier run is left beside the new ones.
#include <doctest/doctest.h>

#include <chrono>

#include "tests/engine/opgsim_process.hpp"
#include "tests/unit/config/temp_files.hpp"

namespace {

using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;
namespace fs = std::filesystem;
using opgsim::testing::names_in;

}  // namespace

TEST_CASE("an output folder that cannot be created is bad input, found before simulating") {
  const auto dir = temp_dir("out-unwritable");
  std::ofstream(dir / "file.txt") << "a file, not a folder";
  // A day of simulated load: were it simulated first, the test would time out. chmod does not
  // stop root, so the folder is made impossible by a file in its path instead.
  std::ofstream(dir / "s.json") << R"({"duration_s": 86400, "workload": {"arrivals": {"type": "poisson", "rate_rps": 200}}})";
  for (const fs::path& out : {dir / "file.txt" / "sub", dir / "file.txt", fs::path("/proc/opgsim-no-such/out")}) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", out.string()}, dir);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.rfind("error: " + out.string() + ":", 0) == 0);
    CHECK(seconds < 60);
  }
  CHECK(names_in(dir) == std::vector<std::string>{"file.txt", "s.json", "stderr.txt", "stdout.txt"});
  fs::remove_all(dir);
}

TEST_CASE("a run into an earlier run's folder leaves none of the earlier files") {
  const auto dir = temp_dir("out-stale");
  const fs::path out = dir / "out";
  fs::create_directories(out);
  std::ofstream(out / "manifest.json") << "{}";
  std::ofstream(out / "summary.json") << "{}";
  std::ofstream(out / "ledger.csv") << "stale ledger of an economy run\n";
  const auto r = run_opgsim({"run", "scenarios/baseline.json", "--quiet", "--set", "duration_s=20", "--set",
                             "warmup_s=5", "--out", out.string()}, dir);
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(names_in(out) == std::vector<std::string>{".complete", "manifest.json", "summary.json", "timeseries.csv"});
  CHECK(opgsim::test::read_json(out / "summary.json").contains("throughput_rps"));
  CHECK(names_in(dir) == std::vector<std::string>{"out", "stderr.txt", "stdout.txt"});  // nothing staged left
  fs::remove_all(dir);
}

TEST_CASE("a folder that holds no run's files is not replaced") {
  const auto dir = temp_dir("out-foreign");
  std::ofstream(dir / "notes.md") << "mine";
  const auto r = run_opgsim({"run", "scenarios/baseline.json", "--quiet", "--out", dir.string()}, dir);
  CHECK(r.exit_code == 2);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(fs::exists(dir / "notes.md"));
  fs::remove_all(dir);
}
