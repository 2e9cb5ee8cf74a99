// compare, capacity and analyze (see curve_commands.hpp).
#include "sim/cli/curve_commands.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "analysis/capacity_search.hpp"
#include "analysis/curve.hpp"
#include "analysis/curve_compare.hpp"
#include "analysis/knee.hpp"
#include "analysis/slo.hpp"
#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"
#include "sim/cli/process_pool.hpp"
#include "sim/cli/run_files.hpp"
#include "sim/cli/sweep_collect.hpp"
#include "sim/cli/sweep_command.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::cli {

namespace fs = std::filesystem;

namespace {
analysis::Curve load_curve(const std::string& path) {
  fs::path p(path);
  if (fs::is_directory(p)) p /= "curve.csv";
  return analysis::parse_curve_csv(read_text(p), p.string());
}

std::vector<analysis::SloTerm> parse_slos(const std::vector<std::string>& texts) {
  std::vector<analysis::SloTerm> terms;
  for (const std::string& t : texts) terms.push_back(analysis::parse_slo(t));
  return terms;
}
}  // namespace

int cmd_compare(const CompareArgs& a) {
  const analysis::Curve baseline = load_curve(a.baseline);
  const analysis::Curve current = load_curve(a.current);
  analysis::CompareOptions opt;
  opt.tolerance = a.tolerance;
  opt.only = a.metrics;
  const analysis::Comparison c = analysis::compare(baseline, current, opt);
  std::cout << analysis::format_comparison(c);
  return c.regression() ? 1 : 0;
}

// --- capacity ------------------------------------------------------------------------------

int cmd_capacity(const CapacityArgs& a) {
  std::vector<std::string> sets = a.sets;
  if (a.seed >= 0) sets.push_back(fmt::format("seed={}", a.seed));
  const auto terms = parse_slos(a.slo);
  if (terms.empty()) throw InputError("capacity: give at least one --slo, e.g. --slo 'latency_s.p99<=10'");
  std::vector<std::string> probe = sets;
  probe.push_back(a.rate_path + "=" + fmt::format("{}", a.start_rps));
  const Scenario base = load_scenario(a.scenario, probe);  // bad input stops here, before any run
  const std::string dir = a.out.empty() ? "results/capacity/" + base.name : a.out;
  fs::create_directories(fs::path(dir) / "runs");
  const std::string exe = self_executable();

  // Each replication searches on its own seed; searches run in parallel (-j), runs within one
  // search one after another (bisection is sequential).
  struct Search {
    std::uint64_t seed;
    analysis::CapacityResult result;
    std::vector<std::pair<double, std::string>> log;  // rate, verdict
  };
  std::vector<Search> searches(std::max(1u, a.replications));
  for (std::uint32_t r = 0; r < searches.size(); ++r)
    searches[r].seed = r == 0 ? base.seed : (Rng::stream(base.seed, "sweep.replication", r).next_u64() >> 12);
  std::mutex print;
  std::string failure;
  const auto search = [&](std::uint32_t r) {
    Search& s = searches[r];
    std::uint32_t step = 0;
    analysis::CapacityOptions opt;
    opt.start_rps = a.start_rps;
    opt.rel_precision = a.precision;
    s.result = analysis::search_capacity(
        [&](double rate) {
          const std::string out = (fs::path(dir) / "runs" / fmt::format("r{}-s{:02}", r, step++)).string();
          std::vector<std::string> args{"run", a.scenario, "--quiet", "--out", out};
          for (const std::string& x : sets) args.insert(args.end(), {"--set", x});
          args.insert(args.end(), {"--set", fmt::format("{}={:.10g}", a.rate_path, rate), "--seed", std::to_string(s.seed)});
          fs::remove_all(out);
          const int code = run_child({args, out + ".log"});
          if (code != 0 && code != 3) {
            std::lock_guard lock(print);
            failure = fmt::format("a run failed (exit {}), see {}.log", code, out);
            return false;
          }
          const analysis::SloVerdict v = analysis::check_slo(terms, read_json(fs::path(out) / "summary.json"));
          std::lock_guard lock(print);
          s.log.emplace_back(rate, v.detail);
          std::cerr << fmt::format("  replication {}: {:.4g} rps {}: {}\n", r, rate, v.met ? "meets" : "fails", v.detail);
          return v.met;
        },
        opt);
  };
  std::vector<std::thread> threads;
  for (std::uint32_t r = 0; r < searches.size(); ++r) {
    threads.emplace_back(search, r);
    if (threads.size() >= std::max(1u, a.jobs)) {
      for (auto& t : threads) t.join();
      threads.clear();
    }
  }
  for (auto& t : threads) t.join();
  if (!failure.empty()) throw std::runtime_error(failure);

  std::vector<double> capacities;
  nlohmann::json report = {{"scenario", a.scenario}, {"slo", a.slo}, {"rate_path", a.rate_path}, {"replications", nlohmann::json::array()}};
  for (const Search& s : searches) {
    if (s.result.bracketed) capacities.push_back(s.result.lo);
    report["replications"].push_back({{"seed", s.seed}, {"lo_rps", s.result.lo}, {"hi_rps", s.result.hi},
                                      {"runs", s.result.runs}, {"bracketed", s.result.bracketed}, {"note", s.result.note}});
  }
  if (capacities.empty()) {
    std::cout << "capacity: not found (" << searches[0].result.note << ")\n";
    write_file_atomically((fs::path(dir) / "capacity.json").string(), report.dump(2) + "\n");
    return 1;
  }
  const analysis::Estimate e = analysis::estimate(capacities);
  report["capacity_rps"] = {{"mean", e.mean}, {"ci95", e.ci95}, {"n", e.n}};
  write_file_atomically((fs::path(dir) / "capacity.json").string(), report.dump(2) + "\n");
  std::cout << fmt::format("capacity: {:.4g} requests/s (95 % CI ± {:.2g}, {} replications, precision {:g} %) meeting",
                           e.mean, e.ci95, e.n, 100 * a.precision);
  for (const std::string& t : a.slo) std::cout << " " << t;
  std::cout << "\n  brackets (highest rate met, lowest failed):";
  for (const Search& s : searches) std::cout << fmt::format(" [{:.4g}, {:.4g}]", s.result.lo, s.result.hi);
  std::cout << fmt::format("\n  the interval is over replications; each bracket's width is the search's resolution"
                           "\n  details: {}/capacity.json\n", dir);
  return 0;
}

// --- analyze -------------------------------------------------------------------------------

namespace {
// A sweep: one load point per curve point (means of its replications).
std::vector<analysis::LoadPoint> points_of_curve(const analysis::Curve& c) {
  std::vector<analysis::LoadPoint> points;
  for (const analysis::CurvePoint& cp : c.points) {
    analysis::LoadPoint lp;
    for (std::size_t m = 0; m < c.metric_names.size(); ++m)
      if (cp.metrics[m].n > 0) lp.values[c.metric_names[m]] = cp.metrics[m].mean;
    lp.offered_rps = lp.values.count("offered_rps") ? lp.values["offered_rps"] : 0;
    lp.throughput_rps = lp.values.count("throughput_rps") ? lp.values["throughput_rps"] : 0;
    points.push_back(std::move(lp));
  }
  return points;
}

// A run: one load point per window of timeseries.csv inside [warmup, duration).
std::vector<analysis::LoadPoint> points_of_run(const fs::path& dir) {
  const nlohmann::json manifest = read_json(dir / "manifest.json");
  const double warmup = manifest.at("scenario").at("warmup_s"), duration = manifest.at("scenario").at("duration_s");
  const Table t = read_csv(dir / "timeseries.csv");
  const auto t0 = t.numbers("t_start_s"), t1 = t.numbers("t_end_s"), arrivals = t.numbers("arrivals"),
             throughput = t.numbers("throughput_rps"), p50 = t.numbers("latency_p50_s"), p99 = t.numbers("latency_p99_s");
  const auto finality = t.has("finality_p99_s") ? t.numbers("finality_p99_s") : std::vector<double>(t0.size(), 0.0);
  std::vector<std::pair<std::string, std::vector<double>>> signals;
  for (const std::string& col : signal_columns())
    if (t.has(col)) signals.emplace_back(col, t.numbers(col));
  std::vector<analysis::LoadPoint> points;
  for (std::size_t r = 0; r < t0.size(); ++r) {
    if (t0[r] < warmup || t1[r] > duration) continue;
    analysis::LoadPoint lp;
    lp.offered_rps = arrivals[r] / (t1[r] - t0[r]);
    lp.throughput_rps = throughput[r];
    lp.values["latency_s.p99"] = p99[r];
    lp.values["latency_s.p50"] = p50[r];
    lp.values["finality_s.p99"] = finality[r];
    for (const auto& [col, v] : signals) {
      lp.values["signals." + col + ".mean"] = v[r];
      lp.values["signals." + col + ".max"] = v[r];
    }
    points.push_back(std::move(lp));
  }
  return points;
}
}  // namespace

int cmd_analyze(const std::string& dir, const std::vector<std::string>& slo) {
  const fs::path p(dir);
  std::vector<analysis::LoadPoint> points;
  if (fs::exists(p / "curve.csv"))
    points = points_of_curve(load_curve(dir));
  else if (fs::exists(p / "timeseries.csv"))
    points = points_of_run(p);
  else
    throw InputError(fmt::format("{}: neither a sweep (curve.csv) nor a run (timeseries.csv)", dir));
  if (points.empty()) throw InputError(fmt::format("{}: no measured point to analyze", dir));
  std::vector<analysis::SloTerm> terms = parse_slos(slo);
  if (terms.empty() && points.front().values.count("latency_s.p99")) {
    // Without an SLO, latency "leaves its SLO" at 3x its value under the lightest load.
    const double bound = 3 * points.front().values.at("latency_s.p99");
    terms.push_back(analysis::parse_slo(fmt::format("latency_s.p99<={:.6g}", bound)));
    std::cout << fmt::format("(no --slo given: using latency_s.p99 <= {:.4g} s, 3x its value at the lightest load)\n",
                             bound);
  }
  const analysis::Knee knee = analysis::find_knee(points, terms);
  std::string report = analysis::format_knee(knee, points);
  if (report.empty() || report.back() != '\n') report += '\n';
  std::cout << report;
  return 0;
}

}  // namespace opgsim::cli
