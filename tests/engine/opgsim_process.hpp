// Runs the opgsim binary as a child process for engine tests and gives back its exit code,
// stdout, stderr, and helpers to read its output files.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

namespace opgsim::test {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// A fresh, empty temporary folder for one test.
inline std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / fmt::format("opgsim-test-{}-{}", name, ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Runs `opgsim <args...>` from the source folder (so relative scenario paths work).
inline ProcessResult run_opgsim(const std::vector<std::string>& args, const std::filesystem::path& scratch) {
  std::string cmd = fmt::format("cd {} && {}", shell_quote(OPGSIM_SOURCE_DIR), shell_quote(OPGSIM_BINARY));
  for (const auto& a : args) {
    cmd += ' ';  // two appends: " " + string trips a GCC 12 -Wrestrict false positive
    cmd += shell_quote(a);
  }
  const auto out = scratch / "stdout.txt";
  const auto err = scratch / "stderr.txt";
  cmd += fmt::format(" >{} 2>{}", shell_quote(out.string()), shell_quote(err.string()));
  const int status = std::system(cmd.c_str());
  ProcessResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

inline nlohmann::json read_json(const std::filesystem::path& p) { return nlohmann::json::parse(read_file(p)); }

// A numeric CSV with a header line (timeseries.csv) as rows of column name -> value.
inline std::vector<std::map<std::string, double>> parse_numeric_csv(const std::string& text) {
  std::istringstream csv(text);
  std::string line;
  std::getline(csv, line);
  std::vector<std::string> header;
  for (std::istringstream h(line); std::getline(h, line, ',');) header.push_back(line);
  std::vector<std::map<std::string, double>> rows;
  while (std::getline(csv, line)) {
    std::map<std::string, double> row;
    std::istringstream cells(line);
    for (const auto& name : header) {
      std::string cell;
      std::getline(cells, cell, ',');
      row[name] = std::stod(cell);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// What one run of an in-test scenario wrote (files absent from the run are empty).
struct RunFiles {
  nlohmann::json summary;
  std::string timeseries, ledger;
};

// Writes `scenario` (as s.json) and `trace_csv` (as trace.csv, which the scenario may name) into a
// fresh folder, runs it with `sets`, requires exit code 0 and returns its outputs.
inline RunFiles run_scenario_text(const std::string& name, const std::string& scenario, const std::string& trace_csv,
                                  const std::vector<std::string>& sets = {}) {
  const auto dir = temp_dir(name);
  std::ofstream(dir / "s.json") << scenario;
  std::ofstream(dir / "trace.csv") << trace_csv;
  std::vector<std::string> args{"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()};
  for (const auto& s : sets) args.insert(args.end(), {"--set", s});
  const auto r = run_opgsim(args, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  RunFiles out{read_json(dir / "out" / "summary.json"), read_file(dir / "out" / "timeseries.csv"),
               std::filesystem::exists(dir / "out" / "ledger.csv") ? read_file(dir / "out" / "ledger.csv") : ""};
  std::filesystem::remove_all(dir);
  return out;
}

}  // namespace opgsim::test
