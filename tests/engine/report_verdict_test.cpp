// `opgsim report` carries analyze's verdict (issue 14, item 5), through the real binary: the
// verdict on the page is analyze's word for word (and the run's one-line verdict as its summary
// table ends); a ramp's knee is marked on the figures, the default knee criteria and --slo bounds
// are drawn; the run's --set overrides are in the title; a sweep over a non-load parameter is drawn
// against that parameter with its economy metrics; a column that is absent gives no panel. Needs
// gnuplot on PATH (skipped with a message without it).
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "tests/engine/opgsim_process.hpp"

namespace {

using opgsim::test::read_file;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;
namespace fs = std::filesystem;

bool gnuplot_on_path() { return std::system("command -v gnuplot >/dev/null 2>&1") == 0; }

// HTML-escaped as the report escapes text.
std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '&') o += "&amp;";
    else if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("report: a ramp run's page carries analyze's verdict, its knee and bounds drawn, the overrides in the title") {
  if (!gnuplot_on_path()) {
    MESSAGE("gnuplot is not on PATH: skipping (bash setup.sh installs gnuplot-nox)");
    return;
  }
  const auto dir = temp_dir("report-verdict");
  const fs::path run = dir / "ramp";
  const auto r = run_opgsim({"run", "scenarios/ramp.json", "--set", "drain_s=30", "--out", run.string()}, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::size_t at = r.out.rfind("  verdict    ");
  REQUIRE(at != std::string::npos);
  const std::string verdict = r.out.substr(at + 13, r.out.find('\n', at) - at - 13);
  REQUIRE(verdict.rfind("broke first at GPU compute", 0) == 0);

  const auto analyze = run_opgsim({"analyze", run.string()}, dir);
  REQUIRE(analyze.exit_code == 0);
  auto rep = run_opgsim({"report", run.string()}, dir);
  INFO(rep.err);
  REQUIRE(rep.exit_code == 0);
  std::string html = read_file(run / "report" / "index.html");
  // analyze's report word for word, and the summary table's one-line verdict.
  CHECK(has(html, "<pre class=\"analyze\">" + esc(analyze.out) + "</pre>"));
  CHECK(has(html, "<p class=\"verdict\"><strong>" + esc(verdict) + "</strong></p>"));
  // The overrides of the run in the title (the page's and the figures').
  CHECK(has(html, "<title>opgsim run: ramp (--set drain_s=30)</title>"));
  CHECK(has(html, "<h1>opgsim run: ramp (--set drain_s=30)</h1>"));
  const std::string svg = read_file(run / "report" / "timeseries.svg");
  CHECK(has(svg, "ramp (--set drain_s=30)"));
  // The knee marked at its window, labelled with the resource; the default criterion's bound.
  CHECK(has(svg, "knee: GPU compute"));
  CHECK(has(html, "is the knee analyze finds"));
  CHECK(has(svg, "default knee criterion: latency_s.p99 &lt;= "));

  // With --slo, the verdict and the bound are the SLO's, as analyze --slo says.
  const auto analyze_slo = run_opgsim({"analyze", run.string(), "--slo", "latency_s.p99<=5"}, dir);
  REQUIRE(analyze_slo.exit_code == 0);
  rep = run_opgsim({"report", run.string(), "--slo", "latency_s.p99<=5"}, dir);
  REQUIRE(rep.exit_code == 0);
  html = read_file(run / "report" / "index.html");
  CHECK(has(html, "<pre class=\"analyze\">" + esc(analyze_slo.out) + "</pre>"));
  CHECK(has(html, "opgsim analyze " + run.string() + " --slo 'latency_s.p99&lt;=5'"));
  CHECK(has(read_file(run / "report" / "timeseries.svg"), "SLO: latency_s.p99 &lt;= 5"));

  // An SLO on a metric the run folder does not have is analyze's error: one line, exit 2.
  const auto bad_analyze = run_opgsim({"analyze", run.string(), "--slo", "freshness_s.p99<=2"}, dir);
  rep = run_opgsim({"report", run.string(), "--slo", "freshness_s.p99<=2"}, dir);
  CHECK(bad_analyze.exit_code == 2);
  CHECK(rep.exit_code == 2);
  CHECK(rep.err == bad_analyze.err);
  fs::remove_all(dir);
}

TEST_CASE("report: a sweep over a fee is drawn against the fee, with its economy metric as a figure") {
  if (!gnuplot_on_path()) {
    MESSAGE("gnuplot is not on PATH: skipping (bash setup.sh installs gnuplot-nox)");
    return;
  }
  const auto dir = temp_dir("report-econ-sweep");
  const fs::path sweep = dir / "sweep";
  const std::string param = "economy.fees.usd_per_million_output";
  const auto s = run_opgsim({"sweep", "scenarios/economy/fees-too-low.json", "--set", "duration_s=300", "--set",
                             "drain_s=30", "--set", "economy.users.initial_users=600", "--param", param + "=0.2,2",
                             "--metric", "economy.end.operators_active", "--replications", "1", "-j", "2", "--out",
                             sweep.string()},
                            dir);
  INFO(s.err);
  REQUIRE(s.exit_code == 0);
  const auto analyze = run_opgsim({"analyze", sweep.string()}, dir);
  REQUIRE(analyze.exit_code == 0);
  const auto rep = run_opgsim({"report", sweep.string()}, dir);
  INFO(rep.err);
  REQUIRE(rep.exit_code == 0);
  const fs::path report = sweep / "report";
  const std::string html = read_file(report / "index.html");
  CHECK(has(html, "<pre class=\"analyze\">" + esc(analyze.out) + "</pre>"));
  // The sweep's fixed --set overrides in the title.
  CHECK(has(html, "<h1>opgsim sweep: fees-too-low (--set duration_s=300, drain_s=30, economy.users.initial_users=600)</h1>"));
  // The economy metric against the fee: its own figure, the x axis labelled with the parameter's path.
  REQUIRE(fs::is_regular_file(report / "econ-end-operators_active.svg"));
  CHECK(has(html, "<img src=\"econ-end-operators_active.svg\""));
  const std::string econ = read_file(report / "econ-end-operators_active.svg");
  CHECK(has(econ, ">" + param + "</text>"));
  CHECK(has(econ, "economy.end.operators_active"));
  // The throughput figure too is against the fee, not the offered load.
  const std::string thr = read_file(report / "throughput.svg");
  CHECK(has(thr, ">" + param + "</text>"));
  CHECK(!has(thr, "offered load (requests / s)"));
  CHECK(!has(thr, "y = x"));
  fs::remove_all(dir);
}

TEST_CASE("report: a panel only for the columns present (TTFT/TPOT, chain, finality, x402 payments)") {
  if (!gnuplot_on_path()) {
    MESSAGE("gnuplot is not on PATH: skipping (bash setup.sh installs gnuplot-nox)");
    return;
  }
  const auto dir = temp_dir("report-panels");
  const std::vector<std::string> tiny{"--quiet", "--set", "duration_s=40", "--set", "warmup_s=10", "--set", "drain_s=20"};
  auto run_and_report = [&](const std::string& name, const std::string& scenario) {
    std::vector<std::string> args{"run", scenario, "--out", (dir / name).string()};
    args.insert(args.end(), tiny.begin(), tiny.end());
    REQUIRE(run_opgsim(args, dir).exit_code == 0);
    REQUIRE(run_opgsim({"report", (dir / name).string()}, dir).exit_code == 0);
    return std::make_pair(read_file(dir / name / "timeseries.csv").substr(0, read_file(dir / name / "timeseries.csv").find('\n')),
                          read_file(dir / name / "report" / "timeseries.svg"));
  };
  // M/M/c: no token model, so no TTFT/TPOT columns and no panel.
  auto [mmc_header, mmc_svg] = run_and_report("mmc", "scenarios/validation/mmc.json");
  REQUIRE(!has(mmc_header, "ttft_p99_s"));
  CHECK(has(mmc_svg, "latency of the requests completed in each window"));
  CHECK(!has(mmc_svg, "time to first token"));
  // The baseline: TTFT/TPOT; no validators (their columns all zero), so no chain or finality panel, no economy.
  auto [base_header, base_svg] = run_and_report("base", "scenarios/baseline.json");
  REQUIRE(has(base_header, "ttft_p99_s"));
  CHECK(has(base_svg, "time to first token (TTFT) and time per output token (TPOT)"));
  CHECK(!has(base_svg, "the chain: "));
  CHECK(!has(base_svg, "finality: submission"));
  CHECK(!fs::exists(dir / "base" / "report" / "ledger.svg"));
  // Validators: the finality panel and one panel per chain column (settlement pending, base fee).
  auto [val_header, val_svg] = run_and_report("val", "scenarios/validator-faults.json");
  CHECK(has(val_svg, "finality: submission"));
  CHECK(has(val_svg, "the chain: verified items not yet included in a committed block, at the window\u2019s end (count)"));
  CHECK(has(val_svg, "the chain: the chain\u2019s base fee"));

  // Validators and x402 payments: the finality and chain panels, the payments panel, the price on a log axis.
  const fs::path x402 = dir / "x402";
  REQUIRE(run_opgsim({"run", "scenarios/economy/x402-outage.json", "--quiet", "--out", x402.string(), "--set",
                      "duration_s=180", "--set", "drain_s=30"},
                     dir)
              .exit_code == 0);
  REQUIRE(has(read_file(x402 / "ledger.csv"), "payments_units"));
  REQUIRE(run_opgsim({"report", x402.string()}, dir).exit_code == 0);
  const std::string ledger = read_file(x402 / "report" / "ledger.svg");
  CHECK(has(ledger, "x402 payments per epoch"));
  CHECK(has(ledger, "USD per OPG (log)"));
  // Payments at settlement (no x402 columns), no payments panel.
  const fs::path econ = dir / "econ";
  REQUIRE(run_opgsim({"run", "scenarios/economy/hype-fade.json", "--quiet", "--out", econ.string(), "--set",
                      "duration_s=180", "--set", "drain_s=30", "--set", "economy.users.initial_users=100", "--set",
                      "economy.payments={\"type\":\"settlement\"}"},
                     dir)
              .exit_code == 0);
  REQUIRE(!has(read_file(econ / "ledger.csv"), "payments_units"));
  REQUIRE(run_opgsim({"report", econ.string()}, dir).exit_code == 0);
  CHECK(!has(read_file(econ / "report" / "ledger.svg"), "x402 payments"));
  fs::remove_all(dir);
}
