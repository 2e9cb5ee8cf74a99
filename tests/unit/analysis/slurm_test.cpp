// Slurm emission: the job array covers every run, runs.txt holds one shell-quoted `opgsim run`
// line per run with absolute paths, and the task script picks its line by the array index.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis/io/run_files.hpp"
#include "analysis/sweep/slurm.hpp"
#include "tests/unit/config/temp_files.hpp"

using namespace opgsim::analysis;
namespace fs = std::filesystem;

TEST_CASE("shell quoting survives spaces and single quotes") {
  CHECK(shell_quote("plain") == "'plain'");
  CHECK(shell_quote("it's a b") == "'it'\\''s a b'");
}

TEST_CASE("emit_slurm writes the array, the run list, the task script and sweep.json") {
  opgsim::testing::TempDir tmp;
  SweepSpec spec;
  spec.scenario = "scenarios/baseline.json";
  spec.params = {parse_param("workload.arrivals.rate_rps=5,10,20")};
  spec.replications = 2;
  const std::string dir = tmp / "sweep dir";
  CHECK(emit_slurm(spec, dir, "/opt/opgsim") == 6);

  const std::string batch = read_text(fs::path(dir) / "sweep.sbatch");
  CHECK(batch.find("#SBATCH --array=0-5\n") != std::string::npos);
  CHECK(batch.find("run_task.sh") != std::string::npos);
  CHECK(batch.find("/opt/opgsim collect " + fs::absolute(dir).string()) != std::string::npos);

  std::istringstream list(read_text(fs::path(dir) / "runs.txt"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(list, line);) lines.push_back(line);
  REQUIRE(lines.size() == 6);
  const std::string abs_dir = fs::absolute(dir).string();
  CHECK(lines[3].rfind("'run' '" + fs::absolute("scenarios/baseline.json").lexically_normal().string() + "'", 0) == 0);
  CHECK(lines[3].find("'--out' '" + abs_dir + "/runs/p0001-r1'") != std::string::npos);
  CHECK(lines[3].find("'--set' 'workload.arrivals.rate_rps=10'") != std::string::npos);

  const std::string task = read_text(fs::path(dir) / "run_task.sh");
  CHECK(task.find("SLURM_ARRAY_TASK_ID") != std::string::npos);
  CHECK(task.find("exec '/opt/opgsim' \"$@\"") != std::string::npos);
  CHECK((fs::status(fs::path(dir) / "run_task.sh").permissions() & fs::perms::owner_exec) != fs::perms::none);

  const SweepSpec back = sweep_from_json(read_json(fs::path(dir) / "sweep.json"), "sweep.json");
  CHECK(fs::path(back.scenario).is_absolute());
  CHECK(back.replications == 2);
}
