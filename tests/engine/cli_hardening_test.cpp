// The command line's answers to mistakes and interruptions: a mistyped subcommand, a metric or
// SLO path no run writes, and Ctrl-C during a run each end in one line and a stated exit code,
// with nothing half-written.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/engine/opgsim_process.hpp"

namespace fs = std::filesystem;
using opgsim::test::read_file;
using opgsim::test::run_opgsim;
using opgsim::test::shell_quote;
using opgsim::test::temp_dir;

namespace {
std::size_t lines(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}
}  // namespace

TEST_CASE("an unknown subcommand is named, with a suggestion when one is close, and exits 2") {
  const auto dir = temp_dir("cli-subcommand");
  const auto typo = run_opgsim({"rnu", "scenarios/baseline.json"}, dir);
  CHECK(typo.exit_code == 2);
  CHECK(typo.err == "error: unknown subcommand 'rnu' (did you mean 'run'?); run opgsim --help for the list\n");
  const auto far = run_opgsim({"frobnicate"}, dir);
  CHECK(far.exit_code == 2);
  CHECK(far.err == "error: unknown subcommand 'frobnicate'; run opgsim --help for the list\n");
  CHECK(run_opgsim({"--version"}, dir).exit_code == 0);  // options before a subcommand still parse
}

TEST_CASE("a metric or SLO path no run writes stops the command before anything runs") {
  const auto dir = temp_dir("cli-metric");
  const auto sweep = run_opgsim({"sweep", "scenarios/baseline.json", "--param", "workload.arrivals.rate_rps=20,40",
                                 "--metric", "latency.p99", "--out", (dir / "sw").string()},
                                dir);
  CHECK(sweep.exit_code == 2);
  CHECK(sweep.err == "error: --metric: 'latency.p99' is not a metric a run writes (did you mean 'latency_s.p99'?); "
                     "summary.json's fields are listed in results/README.md\n");
  CHECK_FALSE(fs::exists(dir / "sw"));

  const auto capacity = run_opgsim({"capacity", "scenarios/baseline.json", "--slo", "latency.p99<=30", "--out",
                                    (dir / "cap").string()},
                                   dir);
  CHECK(capacity.exit_code == 2);
  CHECK(capacity.err.rfind("error: --slo 'latency.p99<=30': 'latency.p99' is not a metric a run writes (did you mean "
                           "'latency_s.p99'?)",
                           0) == 0);
  CHECK(lines(capacity.err) == 1);
  CHECK_FALSE(fs::exists(dir / "cap"));

  const auto sensitivity = run_opgsim({"sensitivity", "scenarios/baseline.json", "--factor",
                                       "workload.arrivals.rate_rps=10:20", "--outcome", "throughput", "--out",
                                       (dir / "sa").string()},
                                      dir);
  CHECK(sensitivity.exit_code == 2);
  CHECK(sensitivity.err.find("--outcome: 'throughput' is not a metric a run writes") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "sa"));

  // Economy paths are metrics too, whether or not this scenario has an economy: the path check
  // lets them through and the runs go ahead; a run without an economy then lacks it, and a
  // metric no run has is an error naming it (issue 14; it was exit 0 with a warning).
  const auto economy = run_opgsim({"sweep", "scenarios/baseline.json", "--param", "workload.arrivals.rate_rps=20",
                                   "--metric", "economy.totals.fees_opg", "--set", "duration_s=70", "-j", "1",
                                   "--out", (dir / "eco").string()},
                                  dir);
  CHECK(economy.exit_code == 2);
  CHECK(economy.err.find("is not a metric a run writes") == std::string::npos);
  CHECK(economy.err.find("error: --metric economy.totals.fees_opg: no finished run has a number there") !=
        std::string::npos);
  CHECK(fs::exists(dir / "eco" / "runs" / "p0000-r0" / "summary.json"));
}

TEST_CASE("analyze refuses an SLO whose metric has no value at any point of the folder") {
  const auto dir = temp_dir("cli-analyze");
  const auto run = run_opgsim({"run", "scenarios/baseline.json", "--set", "duration_s=90", "--quiet", "--out",
                               (dir / "r").string()},
                              dir);
  REQUIRE(run.exit_code == 0);
  // A declared metric (freshness needs data nodes; and a run folder has per-window values only).
  const auto absent = run_opgsim({"analyze", (dir / "r").string(), "--slo", "freshness_s.p99<=2"}, dir);
  CHECK(absent.exit_code == 2);
  CHECK(absent.err.find("--slo 'freshness_s.p99<=2': freshness_s.p99 has no value at any point of") != std::string::npos);
  // TTFT is in a run folder's windows (timeseries.csv's ttft_p99_s): judged, not refused.
  CHECK(run_opgsim({"analyze", (dir / "r").string(), "--slo", "ttft_s.p99<=2"}, dir).exit_code == 0);
  CHECK(lines(absent.err) == 1);
  const auto typo = run_opgsim({"analyze", (dir / "r").string(), "--slo", "latency.p99<=30"}, dir);
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("did you mean 'latency_s.p99'?") != std::string::npos);
  const auto good = run_opgsim({"analyze", (dir / "r").string(), "--slo", "latency_s.p99<=30"}, dir);
  CHECK(good.exit_code == 0);
}

TEST_CASE("Ctrl-C during a run prints one line, exits 130 and leaves no folder behind") {
  const auto dir = temp_dir("cli-interrupt");
  const fs::path out = dir / "r";
  // Background jobs of a non-interactive shell start with SIGINT ignored; the run's handler
  // replaces that once the engine exists, which is what the wait for the staging folder and the
  // second's pause are for (the run itself takes minutes).
  const std::string cmd = fmt::format(
      "cd {src} && ({bin} run scenarios/baseline.json --set duration_s=100000 --out {out} 2>{err} >/dev/null & "
      "pid=$!; for i in $(seq 200); do ls -a {dir} | grep -q '^\\.r\\.tmp-' && break; sleep 0.05; done; sleep 1; "
      "kill -INT $pid; wait $pid; echo $? >{rc})",
      fmt::arg("src", shell_quote(OPGSIM_SOURCE_DIR)), fmt::arg("bin", shell_quote(OPGSIM_BINARY)),
      fmt::arg("out", shell_quote(out.string())), fmt::arg("dir", shell_quote(dir.string())),
      fmt::arg("err", shell_quote((dir / "err.txt").string())), fmt::arg("rc", shell_quote((dir / "rc.txt").string())));
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK(read_file(dir / "rc.txt") == "130\n");
  const std::string err = read_file(dir / "err.txt");
  CHECK(err == "\ninterrupted (Ctrl-C): the run stopped; nothing was written\n");
  CHECK_FALSE(fs::exists(out));
  for (const auto& entry : fs::directory_iterator(dir))  // no .r.tmp-PID left either
    CHECK(entry.path().filename().string().rfind(".r.tmp-", 0) != 0);
}

TEST_CASE("an exception inside an actor ends the run with one line, exit code 1 and no folder") {
  const auto dir = temp_dir("cli-actor-throw");
  const fs::path out = dir / "r";
  const std::string cmd = fmt::format(
      "cd {} && OPGSIM_TEST_FAIL_ACTOR=node-3 {} run scenarios/baseline.json --set duration_s=90 --out {} >/dev/null 2>{}",
      shell_quote(OPGSIM_SOURCE_DIR), shell_quote(OPGSIM_BINARY), shell_quote(out.string()),
      shell_quote((dir / "err.txt").string()));
  const int status = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(read_file(dir / "err.txt") ==
        "error: node-3 at t=0 s: out of memory (std::bad_alloc); the scenario needs more memory than this machine "
        "gives it\n");
  CHECK_FALSE(fs::exists(out));
  for (const auto& entry : fs::directory_iterator(dir)) CHECK(entry.path().filename().string().rfind(".r.tmp-", 0) != 0);
}

TEST_CASE("the folders commands write to without --out are ignored by git, the committed band is not") {
  if (!fs::exists(fs::path(OPGSIM_SOURCE_DIR) / ".git")) return;  // a source tarball: nothing to check
  const auto ignored = [](const std::string& path) {
    const std::string cmd =
        fmt::format("git -C {} check-ignore -q {} 2>/dev/null", shell_quote(OPGSIM_SOURCE_DIR), shell_quote(path));
    return std::system(cmd.c_str()) == 0;
  };
  CHECK(ignored("results/runs/baseline/summary.json"));
  CHECK(ignored("results/sweeps/baseline/curve.csv"));
  CHECK(ignored("results/sensitivity/baseline/indices.csv"));
  CHECK(ignored("results/capacity/baseline/capacity.json"));
  CHECK(ignored("results/capacity/baseline-band/searches/0/summary.json"));
  CHECK_FALSE(ignored("results/capacity/baseline-band/band.md"));
  CHECK_FALSE(ignored("results/bench.md"));
}

TEST_CASE("an interrupted sweep stops its running simulations and exits 130") {
  const auto dir = temp_dir("cli-sweep-interrupt");
  const fs::path out = dir / "sweep";
  // Two long runs at once; SIGINT to the sweep alone (not its process group), as `kill -INT` does.
  // The pgrep pattern's [c] keeps it from matching this shell's own command line.
  const std::string cmd = fmt::format(
      "cd {src} && ({bin} sweep scenarios/baseline.json --param workload.arrivals.rate_rps=20,40 --set "
      "duration_s=100000 -j 2 --out {out} >/dev/null 2>{err} & pid=$!; "
      "for i in $(seq 200); do [ $(ls {out}/logs 2>/dev/null | wc -l) -ge 2 ] && break; sleep 0.05; done; sleep 1; "
      "kill -INT $pid; wait $pid; echo $? >{rc}; sleep 1; "
      "pgrep -f -- '--out [{first}]{rest}/runs' >{left} || true)",
      fmt::arg("src", shell_quote(OPGSIM_SOURCE_DIR)), fmt::arg("bin", shell_quote(OPGSIM_BINARY)),
      fmt::arg("out", out.string()), fmt::arg("first", out.string().substr(0, 1)),
      fmt::arg("rest", out.string().substr(1)), fmt::arg("err", shell_quote((dir / "err.txt").string())),
      fmt::arg("rc", shell_quote((dir / "rc.txt").string())), fmt::arg("left", shell_quote((dir / "left.txt").string())));
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK(read_file(dir / "rc.txt") == "130\n");
  CHECK(read_file(dir / "err.txt").find("interrupted: the running simulations were stopped") != std::string::npos);
  CHECK(read_file(dir / "left.txt").empty());  // no simulation still running
}

TEST_CASE("the progress line on a terminal erases what a longer line before it left") {
  if (std::system("command -v script >/dev/null 2>&1") != 0) return;  // util-linux's script gives a pseudo-terminal
  const auto dir = temp_dir("cli-progress");
  const std::string run = fmt::format("{} run scenarios/baseline.json --set duration_s=120 --out {}",
                                      shell_quote(OPGSIM_BINARY), shell_quote((dir / "r").string()));
  const std::string cmd = fmt::format("cd {} && script -qec {} /dev/null >{} 2>&1", shell_quote(OPGSIM_SOURCE_DIR),
                                      shell_quote(run), shell_quote((dir / "tty.txt").string()));
  REQUIRE(std::system(cmd.c_str()) == 0);
  const std::string tty = read_file(dir / "tty.txt");
  std::size_t lines_shown = 0;
  for (std::size_t at = tty.find("\r  t = "); at != std::string::npos; at = tty.find("\r  t = ", at + 1)) {
    ++lines_shown;
    const std::size_t end = tty.find_first_of("\r\n", at + 1);
    REQUIRE(end != std::string::npos);
    CHECK(tty.substr(end - 3, 3) == "\x1b[K");  // each progress line ends by erasing the rest
  }
  CHECK(lines_shown >= 1);
}

TEST_CASE("a file the machine refuses to write is one line naming it and the reason, exit 1, no folder") {
  const auto dir = temp_dir("cli-disk");
  const fs::path out = dir / "r";
  // A 1 KiB file size limit stands in for a full disk (SIGXFSZ ignored, so write fails with EFBIG).
  const std::string cmd = fmt::format(
      "cd {} && bash -c \"trap '' XFSZ; ulimit -f 1; exec {} run scenarios/baseline.json --set duration_s=90 "
      "--quiet --out {}\" >/dev/null 2>{}",
      shell_quote(OPGSIM_SOURCE_DIR), shell_quote(OPGSIM_BINARY), shell_quote(out.string()),
      shell_quote((dir / "err.txt").string()));
  const int status = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  const std::string err = read_file(dir / "err.txt");
  CHECK(err.rfind(fmt::format("error: {}/", out.string()), 0) == 0);
  CHECK(err.find(": cannot write the file (File too large)\n") != std::string::npos);
  CHECK(lines(err) == 1);
  CHECK_FALSE(fs::exists(out));
  for (const auto& entry : fs::directory_iterator(dir)) CHECK(entry.path().filename().string().rfind(".r.tmp-", 0) != 0);
}
