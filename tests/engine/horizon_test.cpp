// The long-horizon mode (scenario `horizon`) against plain request-level runs of the same
// scenario over the same simulated time: delivered throughput, p99 latency, active operators and
// users, and ledger fee totals agree within the request-level runs' 95 % interval over
// replications (a stated tolerance where that interval is degenerate); a fault in one period
// changes that period's performance only; the windows are cached (a second run simulates none);
// and the mode's bad inputs are one line naming the path, exit 2.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <numeric>

#include "tests/engine/opgsim_process.hpp"

namespace {
using nlohmann::json;
using opgsim::test::parse_numeric_csv;
using opgsim::test::read_file;
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

// Two nodes (deterministic 1 s service, 4 at a time) in one region, 100 users sending 1 request/s
// in all who never leave; constant tokens (1000 + 100: 4,500,000 units a request at 0.10 USD).
// Three one-hour periods.
json base() {
  return json::parse(R"({
    "duration_s": 10800, "warmup_s": 0, "drain_s": 60, "seed": 1,
    "platform": {"regions": [{"name": "lab", "latency_s": 0.001, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 2, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 4}}},
    "router": {"placement": "client"},
    "workload": {"arrivals": {"type": "users", "rate_rps": null}, "timeout_s": 30,
                 "prompt_tokens": {"type": "constant", "value": 1000},
                 "output_tokens": {"type": "constant", "value": 100}},
    "output": {"window_s": 3600},
    "economy": {"enabled": true, "epoch_s": 3600, "emissions": {"type": "none"},
                "users": {"initial_users": 100, "requests_per_user_per_s": 0.01, "retention_per_day": 1}}
  })");
}

json horizon(const std::string& cache) {
  json s = base();
  s["horizon"] = {{"days", 0.125}, {"period_s", 3600}, {"window_s", 300}, {"cache_dir", cache}};
  return s;
}

// Both nodes crash at the start of the second hour and recover half-way through it.
json both_down_half_of_hour_two(json s) {
  s["faults"]["events"] = json::parse(R"([
    {"time_s": 3600, "kind": "crash", "role": "inference", "index": 0},
    {"time_s": 3600, "kind": "crash", "role": "inference", "index": 1},
    {"time_s": 5400, "kind": "recover", "role": "inference", "index": 0},
    {"time_s": 5400, "kind": "recover", "role": "inference", "index": 1}
  ])");
  return s;
}

struct Run {
  int code = -1;
  std::string err;
  json summary, manifest;
  std::vector<std::map<std::string, double>> ledger, series;
  std::string series_text;
};

Run run(const std::filesystem::path& dir, const std::string& name, const json& scenario) {
  const auto file = dir / (name + ".json");
  std::ofstream(file) << scenario.dump(2);
  const auto out = dir / name;
  const auto r = run_opgsim({"run", file.string(), "--out", out.string(), "--quiet"}, dir);
  Run res;
  res.code = r.exit_code;
  res.err = r.err;
  if (r.exit_code != 0) return res;
  res.summary = read_json(out / "summary.json");
  res.manifest = read_json(out / "manifest.json");
  res.ledger = parse_numeric_csv(read_file(out / "ledger.csv"));
  res.series_text = read_file(out / "timeseries.csv");
  return res;
}

double sum_fees(const Run& r, double until) {
  double s = 0;
  for (const auto& row : r.ledger)
    if (row.at("t_end_s") <= until) s += row.at("fees_units");
  return s;
}

// mean +- t(0.975, n-1) sd sqrt(1 + 1/n): where one more replication falls with 95 % probability.
struct Interval {
  double lo, hi;
};
Interval interval(const std::vector<double>& x, double min_half_width) {
  const double n = static_cast<double>(x.size());
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / (n - 1));
  const double t = 2.776;  // n = 5
  const double half = std::max(t * sd * std::sqrt(1 + 1 / n), min_half_width);
  return {mean - half, mean + half};
}

// A long run's timeseries.csv as rows of column name -> value (its text column perf_source reads 0).
std::vector<std::map<std::string, double>> series_rows(const std::string& csv) {
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::istringstream h(line); std::getline(h, line, ',');) header.push_back(line);
  std::vector<std::map<std::string, double>> rows;
  while (std::getline(in, line)) {
    std::istringstream cells(line);
    auto& row = rows.emplace_back();
    for (const auto& name : header) {
      std::string cell;
      std::getline(cells, cell, ',');
      row[name] = std::strtod(cell.c_str(), nullptr);
    }
  }
  return rows;
}

// timeseries.csv's text column perf_source of each row.
std::vector<std::string> sources(const std::string& csv) {
  std::vector<std::string> out;
  std::istringstream in(csv);
  std::string line, header;
  std::getline(in, header);
  std::size_t col = 0;
  {
    std::istringstream h(header);
    for (std::string c; std::getline(h, c, ','); ++col)
      if (c == "perf_source") break;
  }
  while (std::getline(in, line)) {
    std::istringstream cells(line);
    std::string c;
    for (std::size_t k = 0; k <= col; ++k) std::getline(cells, c, ',');
    out.push_back(c);
  }
  return out;
}
}  // namespace

TEST_CASE("horizon: three hours in periods agree with five request-level replications of the same scenario") {
  const auto dir = temp_dir("horizon-agree");
  const Run h = run(dir, "long", horizon((dir / "cache").string()));
  REQUIRE_MESSAGE(h.code == 0, h.err);
  CHECK(h.summary["horizon"]["periods"] == 3);
  CHECK(h.summary["invariants"]["token_conservation"]["ok"] == true);
  // The rate is constant (nobody leaves): one window measured, reused by the next two periods.
  CHECK(h.summary["horizon"]["windows_simulated"] == 1);
  CHECK(sources(h.series_text) == std::vector<std::string>{"measured", "reused", "reused"});
  CHECK(h.manifest["request_level_simulations"] == 1);
  std::vector<double> thr, p99, fees, ops, users;
  for (int seed = 1; seed <= 5; ++seed) {
    json s = base();
    s["seed"] = seed;
    const Run r = run(dir, fmt::format("short{}", seed), s);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    thr.push_back(r.summary["throughput_rps"].get<double>());
    p99.push_back(r.summary["latency_s"]["p99"].get<double>());
    fees.push_back(sum_fees(r, 10800));
    ops.push_back(r.ledger.back().at("operators_active"));
    users.push_back(r.ledger[2].at("active_users"));
  }
  const json& hz = h.summary["horizon"];
  const Interval ti = interval(thr, 0), fi = interval(fees, 0);
  CHECK(hz["throughput_rps"].get<double>() >= ti.lo);
  CHECK(hz["throughput_rps"].get<double>() <= ti.hi);
  CHECK(sum_fees(h, 10800) >= fi.lo);
  CHECK(sum_fees(h, 10800) <= fi.hi);
  // p99 of a deterministic 1 s service barely varies between replications: 5 % stated tolerance.
  const Interval pi = interval(p99, 0.05 * p99.front());
  CHECK(hz["latency_p99_s_max"].get<double>() >= pi.lo);
  CHECK(hz["latency_p99_s_max"].get<double>() <= pi.hi);
  // Nobody leaves in either: the counts are equal.
  CHECK(h.ledger.back().at("operators_active") == ops.front());
  CHECK(h.ledger[2].at("active_users") == users.front());
  // A second run finds its window in the cache.
  const Run again = run(dir, "long2", horizon((dir / "cache").string()));
  REQUIRE(again.code == 0);
  CHECK(again.summary["horizon"]["windows_simulated"] == 0);
  CHECK(sources(again.series_text) == std::vector<std::string>{"reused", "reused", "reused"});
  std::filesystem::remove_all(dir);
}

TEST_CASE("horizon: both nodes down for half of the second hour lower that period's completed fraction only") {
  const auto dir = temp_dir("horizon-fault");
  const json s = both_down_half_of_hour_two(horizon((dir / "cache").string()));
  const Run h = run(dir, "fault", s);
  REQUIRE_MESSAGE(h.code == 0, h.err);
  const auto rows = series_rows(h.series_text);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].at("completed_fraction") > 0.99);
  CHECK(rows[1].at("window_faults") == 4);
  CHECK(rows[1].at("completed_fraction") < 0.6);  // nothing served for half the window
  CHECK(rows[2].at("completed_fraction") > 0.99);
  const double first = sum_fees(h, 3600), second = sum_fees(h, 7200) - first;
  CHECK(second < 0.7 * first);  // the second hour earned about half
  std::filesystem::remove_all(dir);
}

TEST_CASE("horizon: what the mode refuses is one line naming the path, exit 2") {
  const auto dir = temp_dir("horizon-refuse");
  json s = horizon((dir / "cache").string());
  s["economy"]["epoch_s"] = 60;
  Run r = run(dir, "epoch", s);
  CHECK(r.code == 2);
  CHECK(r.err.find("economy.epoch_s") != std::string::npos);
  CHECK(r.err.find("horizon.period_s") != std::string::npos);
  s = horizon((dir / "cache").string());
  s["horizon"]["months"] = 1;
  r = run(dir, "both", s);
  CHECK(r.code == 2);
  CHECK(r.err.find("horizon: give the horizon's length as exactly one of days and months") != std::string::npos);
  s = horizon((dir / "cache").string());
  s["faults"]["processes"] = json::array({{{"mttf_s", 100}, {"mttr_s", 10}}});
  r = run(dir, "proc", s);
  CHECK(r.code == 2);
  CHECK(r.err.find("faults.processes") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("horizon: analyze names the first period that misses the SLO, and report draws the periods") {
  const auto dir = temp_dir("horizon-analyze");
  const json s = both_down_half_of_hour_two(horizon((dir / "cache").string()));
  const Run h = run(dir, "fault", s);
  REQUIRE_MESSAGE(h.code == 0, h.err);
  const std::string folder = (dir / "fault").string();
  // The default rule: the second hour completed about half its requests.
  auto a = run_opgsim({"analyze", folder}, dir);
  REQUIRE_MESSAGE(a.exit_code == 0, a.err);
  CHECK(a.out.find("using completed_fraction >= 0.99 and latency_s.p99 <=") != std::string::npos);
  CHECK(a.out.find("broke in period 2 of 3 (from day 0.04167, t = 3600 s): completed_fraction = ") !=
        std::string::npos);
  CHECK(a.out.find("< 0.99, at 1 requests/s offered with 2 operators active and 100 users") != std::string::npos);
  // Two operators all along: a bound of two holds, three breaks at once.
  a = run_opgsim({"analyze", folder, "--slo", "operators_active>=2", "--slo", "latency_s.p99<=100"}, dir);
  CHECK(a.out == "holding: every one of 3 loaded periods (of 3) met the SLO, offered up to 1 requests/s\n");
  a = run_opgsim({"analyze", folder, "--slo", "operators_active>=3"}, dir);
  CHECK(a.out.find("broke in period 1 of 3 (from day 0, t = 0 s): operators_active = 2 < 3") != std::string::npos);
  a = run_opgsim({"analyze", folder, "--slo", "finality_s.p99<=60"}, dir);
  CHECK(a.exit_code == 2);
  CHECK(a.err.find("--slo 'finality_s.p99<=60': finality_s.p99 is not a value of a long-horizon run's periods") !=
        std::string::npos);
  // The report draws the periods over days, with where their performance came from.
  const auto r = run_opgsim({"report", folder}, dir);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const std::string html = read_file(dir / "fault" / "report" / "index.html");
  CHECK(html.find("opgsim long-horizon run") != std::string::npos);
  CHECK(html.find("timeseries.svg") != std::string::npos);
  CHECK(html.find("ledger.svg") != std::string::npos);
  CHECK(html.find("<td class=\"l\">periods measured (window simulated for them)</td><td>") != std::string::npos);
  CHECK(std::filesystem::file_size(dir / "fault" / "report" / "timeseries.png") > 10000);
  std::filesystem::remove_all(dir);
}

TEST_CASE("horizon: a nearly empty treasury tops up several cohorts' fees without paying out more than it holds") {
  // Users hold no OPG (budget 0) and top up from a treasury of 10 OPG at genesis (the ecosystem
  // bucket after the two 10,000 OPG genesis stakes); word of mouth adds a cohort every hour. The
  // fees (3,600 requests an hour at 0.0045 OPG, 16.2 OPG) pass through the treasury, which keeps
  // 10 %: hour 1 it can top up 10 OPG (9 to the operators, 1 kept), hour 2 only that 1 OPG over
  // both cohorts (a top-up must not reuse fees another cohort just paid in; it overdrew before),
  // hour 3 the 0.1 kept. The rest is unpaid; the supply is conserved.
  const auto dir = temp_dir("horizon-treasury");
  json s = horizon((dir / "cache").string());
  s["economy"]["initial_supply_opg"] = 1e8;
  s["economy"]["allocation"] = json::parse(R"([{"name": "holders", "share": 0.9997999, "purpose": "holders"},
                                                {"name": "eco", "share": 0.0002001, "purpose": "ecosystem"}])");
  s["economy"]["users"]["budget_opg"] = 0;
  s["economy"]["users"]["word_of_mouth_per_day"] = 1;
  s["economy"]["fees"]["shares"] = {{"operator", 0.9}, {"treasury", 0.1}};
  const Run h = run(dir, "treasury", s);
  REQUIRE_MESSAGE(h.code == 0, h.err);
  REQUIRE(h.ledger.size() == 3);
  CHECK(h.ledger[0].at("fees_units") == 10e9);
  CHECK(h.ledger[1].at("fees_units") == 1e9);
  CHECK(h.ledger[2].at("fees_units") == 0.1e9);
  CHECK(h.ledger[1].at("cohorts") >= 2);
  CHECK(h.ledger[0].at("treasury_units") == 1e9);
  CHECK(h.ledger[1].at("treasury_units") == 0.1e9);
  CHECK(h.ledger[2].at("treasury_units") == 0.01e9);
  CHECK(h.summary["invariants"]["token_conservation"]["ok"] == true);
  // Due: 100, then 104 and 108 users (word of mouth, 4 an hour) at 36 requests an hour x 0.0045 OPG.
  CHECK(h.summary["economy"]["totals"]["unpaid_fees_units"].get<double>() == (16.2e9 + 16.848e9 + 17.496e9) - 11.1e9);
  std::filesystem::remove_all(dir);
}

TEST_CASE("horizon: active users on day 30 are the timeseries' users after day 30, and day 180 is absent before it") {
  // The base network for 31 days in daily periods; users leave 5 % a day (perfect service), so
  // the count falls every day and a checkpoint off by one period would show.
  const auto dir = temp_dir("horizon-checkpoints");
  json s = base();
  s["economy"]["epoch_s"] = 86400;
  s["economy"]["users"]["retention_per_day"] = 0.95;
  s["output"]["window_s"] = 300;
  s["horizon"] = {{"days", 31}, {"period_s", 86400}, {"window_s", 300}, {"cache_dir", (dir / "cache").string()}};
  const Run r = run(dir, "month", s);
  INFO(r.err);
  REQUIRE(r.code == 0);
  const json& hz = r.summary["horizon"];
  REQUIRE(hz.contains("active_users_day_30"));
  CHECK_FALSE(hz.contains("active_users_day_180"));
  const auto rows = series_rows(r.series_text);
  REQUIRE(rows.size() == 31);
  // Row 30 starts at day 30: its active_users are those left at the end of day 30.
  CHECK(rows[30].at("t_start_s") == 30 * 86400.0);
  CHECK(hz["active_users_day_30"].get<double>() == rows[30].at("active_users"));
  CHECK(rows[29].at("active_users") > rows[30].at("active_users"));
  std::filesystem::remove_all(dir);
}
