// Curve regression in CI: every baseline in results/baselines/ is swept again from its own
// sweep.json and compared with `opgsim compare` (a change that moves a curve beyond 5 % with
// disjoint confidence intervals fails here; regenerate the baselines with
// results/baselines/regenerate.sh when the move is intended). Also: compare passes a curve
// against itself and fails one shifted by 10 %.
#include <doctest/doctest.h>

#include "tests/engine/opgsim_process.hpp"

namespace {
using nlohmann::json;
using opgsim::test::read_file;
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

namespace fs = std::filesystem;
const fs::path kBaselines = fs::path(OPGSIM_SOURCE_DIR) / "results" / "baselines";

// `opgsim sweep` arguments that redo the sweep described by a sweep.json.
std::vector<std::string> sweep_args(const json& sweep, const fs::path& out) {
  std::vector<std::string> args{"sweep", sweep["scenario"], "--out", out.string(), "-j", "2", "--replications",
                                std::to_string(sweep["replications"].get<int>())};
  for (const auto& s : sweep["sets"]) args.insert(args.end(), {"--set", s.get<std::string>()});
  for (const auto& p : sweep["params"]) {
    std::string list;
    for (const auto& v : p["values"]) {
      if (!list.empty()) list += ',';
      list += v.get<std::string>();
    }
    args.insert(args.end(), {"--param", p["path"].get<std::string>() + "=" + list});
  }
  if (sweep["zip"].get<bool>()) args.push_back("--zip");
  return args;
}

void check_baseline(const std::string& name) {
  const fs::path base = kBaselines / name;
  REQUIRE(fs::exists(base / "curve.csv"));
  const auto dir = temp_dir("regression-" + name);
  auto r = run_opgsim(sweep_args(read_json(base / "sweep.json"), dir / "sweep"), dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  r = run_opgsim({"compare", (base / "curve.csv").string(), (dir / "sweep" / "curve.csv").string()}, dir);
  INFO(r.out);
  CHECK(r.exit_code == 0);
  fs::remove_all(dir);
}
}  // namespace

TEST_CASE("regression: the GPU serving curve matches its baseline") { check_baseline("gpu-rate"); }
TEST_CASE("regression: the role pipeline curve matches its baseline") { check_baseline("roles-rate"); }
TEST_CASE("regression: the M/M/4 curve matches its baseline") { check_baseline("mmc-rate"); }

// The headline study's answer as a regression-tested result: its tiny version (args.txt, written
// by regenerate.sh from results/studies/headline/factors.txt) gives the baseline's grouped Sobol
// indices (indices_curve.csv) within compare's tolerance.
TEST_CASE("regression: the headline study's tiny version gives its baseline's group indices") {
  const fs::path base = kBaselines / "headline-tiny";
  REQUIRE(fs::exists(base / "indices_curve.csv"));
  std::vector<std::string> args;
  std::istringstream in(read_file(base / "args.txt"));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) args.push_back(line);
  REQUIRE(args.size() > 2);
  const auto dir = temp_dir("regression-headline-tiny");
  args.insert(args.end(), {"--set", "horizon.cache_dir=" + (dir / "cache").string(), "-j", "2", "--out", (dir / "s").string()});
  auto r = run_opgsim(args, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  r = run_opgsim({"compare", (base / "indices_curve.csv").string(), (dir / "s" / "indices_curve.csv").string()}, dir);
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("no regression") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("compare passes a curve against itself and fails it shifted by 10 percent") {
  const auto dir = temp_dir("compare-shift");
  const fs::path base = kBaselines / "gpu-rate" / "curve.csv";
  auto r = run_opgsim({"compare", base.string(), base.string()}, dir);
  CHECK(r.exit_code == 0);
  // Scale every throughput column (mean and interval) by 0.9.
  std::istringstream in(read_file(base));
  std::ofstream out(dir / "shifted.csv");
  std::string line;
  std::getline(in, line);
  out << line << "\n";
  std::vector<std::string> header;
  for (std::istringstream h(line); std::getline(h, line, ',');) header.push_back(line);
  while (std::getline(in, line)) {
    std::istringstream cells(line);
    std::string cell, row;
    for (std::size_t c = 0; std::getline(cells, cell, ','); ++c) {
      const bool scale = header[c].rfind("throughput_rps_", 0) == 0 && header[c] != "throughput_rps_n" && !cell.empty();
      if (c > 0) row += ',';
      row += scale ? fmt::format("{:.10g}", std::stod(cell) * 0.9) : cell;
    }
    out << row << "\n";
  }
  out.close();
  r = run_opgsim({"compare", base.string(), (dir / "shifted.csv").string()}, dir);
  INFO(r.out);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("REGRESSION") != std::string::npos);
  r = run_opgsim({"compare", base.string(), (dir / "shifted.csv").string(), "--tolerance", "0.15"}, dir);
  CHECK(r.exit_code == 0);
  fs::remove_all(dir);
}
