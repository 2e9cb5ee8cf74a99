// Capacity searches over child runs (see capacity_runner.hpp).
#include "analysis/sweep/capacity_runner.hpp"

#include <filesystem>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/capacity_search.hpp"
#include "analysis/parameter_search.hpp"
#include "analysis/curve.hpp"
#include "analysis/io/atomic_file.hpp"
#include "analysis/io/run_files.hpp"
#include "analysis/slo.hpp"
#include "analysis/sweep/process_pool.hpp"
#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"

namespace opgsim::analysis {

namespace fs = std::filesystem;

bool classic_search(const CapacitySpec& spec) {
  return spec.find == SearchFind::Highest && !spec.integer && !spec.min && !spec.max;
}

std::string search_value_text(const CapacitySpec& spec, double value) {
  return spec.integer ? fmt::format("{:.0f}", value) : fmt::format("{:.10g}", value);
}

SearchOptions search_options(const CapacitySpec& a) {
  SearchOptions opt;
  opt.find = a.find;
  opt.start = a.start_rps;
  opt.rel_precision = a.precision;
  opt.integer = a.integer;
  opt.min = a.min;
  opt.max = a.max;
  return opt;
}

namespace {

// The classic search's result in the general form (its lo is the highest met, hi the lowest failed).
SearchResult as_search_result(const CapacityResult& c) {
  SearchResult r;
  r.found = r.bracketed = c.bracketed;
  r.met = c.lo;
  r.failed = c.hi;
  r.has_met = c.lo != 0;
  r.has_failed = c.hi != 0;
  r.runs = c.runs;
  r.note = c.note;
  return r;
}

}  // namespace

std::vector<SloTerm> capacity_slo_terms(const std::vector<std::string>& slo) {
  std::vector<SloTerm> terms;
  for (const std::string& t : slo) terms.push_back(parse_slo(t));
  if (terms.empty()) throw InputError("capacity: give at least one --slo, e.g. --slo 'latency_s.p99<=10'");
  return terms;
}

namespace {

// The general search's capacity.json and printed result (see capacity_runner.hpp).
template <class Searches>
int report_search(const CapacitySpec& a, const Searches& searches, std::ostream& out, std::ostream& err) {
  const bool highest = a.find == SearchFind::Highest;
  nlohmann::json search = {{"path", a.rate_path}, {"find", find_name(a.find)}, {"integer", a.integer}};
  if (a.min) search["min"] = *a.min;
  if (a.max) search["max"] = *a.max;
  if (!(a.min && a.max)) search["start"] = a.start_rps;
  search["precision"] = a.precision;
  nlohmann::json report = {{"scenario", a.scenario}, {"slo", a.slo}, {"search", search},
                           {"replications", nlohmann::json::array()}};
  std::vector<double> values;
  for (std::size_t r = 0; r < searches.size(); ++r) {
    const SearchResult& g = searches[r].general;
    if (g.found) values.push_back(g.met);
    nlohmann::json rep = {{"seed", searches[r].seed}, {"found", g.found}, {"bracketed", g.bracketed},
                          {"at_bound", g.at_bound}, {"non_monotone", g.non_monotone}, {"runs", g.runs},
                          {"note", g.note}};
    rep["met"] = g.has_met ? nlohmann::json(g.met) : nlohmann::json(nullptr);
    rep["failed"] = g.has_failed ? nlohmann::json(g.failed) : nlohmann::json(nullptr);
    report["replications"].push_back(rep);
    if (g.non_monotone) err << fmt::format("warning: replication {}: {}\n", r, g.note);
    else if (g.at_bound) err << fmt::format("warning: replication {}: {}\n", r, g.note);
  }
  // Replications whose brackets exclude each other: the SLO is not monotone in the parameter
  // here, or the runs are too noisy for the precision asked.
  for (std::size_t i = 0; i < searches.size(); ++i)
    for (std::size_t j = 0; j < searches.size(); ++j) {
      const SearchResult &x = searches[i].general, &y = searches[j].general;
      if (i == j || !x.bracketed || !y.bracketed) continue;
      if (highest ? x.met >= y.failed : x.met <= y.failed) {
        err << fmt::format("warning: replication {} met the SLO at {} where replication {} failed it at {}: not "
                           "monotone across seeds (noise larger than the precision?)\n",
                           i, search_value_text(a, x.met), j, search_value_text(a, y.failed));
        i = j = searches.size();  // one line is enough
        break;
      }
    }
  const std::string what = fmt::format("{} {}", find_name(a.find), a.rate_path);
  if (values.empty()) {
    out << fmt::format("search: {} not found ({})\n", what, searches[0].general.note);
    write_file_atomically((fs::path(a.dir) / "capacity.json").string(), report.dump(2) + "\n");
    return 1;
  }
  const Estimate e = estimate(values);
  report["value"] = {{"mean", e.mean}, {"ci95", e.ci95}, {"n", e.n}};
  write_file_atomically((fs::path(a.dir) / "capacity.json").string(), report.dump(2) + "\n");
  out << fmt::format("search: {} = {:.6g} (95 % CI ± {:.2g}, {} of {} replications{}) meeting", what, e.mean, e.ci95,
                     e.n, searches.size(), a.integer ? "" : fmt::format(", precision {:g} %", 100 * a.precision));
  for (const std::string& t : a.slo) out << " " << t;
  out << fmt::format("\n  brackets ({} value met, nearest failed):", highest ? "highest" : "lowest");
  for (const auto& s : searches)
    out << (s.general.found ? fmt::format(" [{}, {}]", search_value_text(a, s.general.met),
                                          s.general.has_failed ? search_value_text(a, s.general.failed) : "-")
                            : std::string(" [not found]"));
  out << fmt::format("\n  monotonicity is assumed (the SLO holds on one side of the answer and fails on the other)"
                     "\n  details: {}/capacity.json\n", a.dir);
  return 0;
}

}  // namespace

int run_capacity(const CapacitySpec& a, std::ostream& out, std::ostream& err) {
  const std::vector<SloTerm> terms = capacity_slo_terms(a.slo);
  if (!classic_search(a)) check_search_options(search_options(a));  // bad options throw here, not in a thread
  const std::string& dir = a.dir;
  fs::create_directories(fs::path(dir) / "runs");

  // Each replication searches on its own seed; searches run in parallel (-j), runs within one
  // search one after another (bisection is sequential).
  const bool classic = classic_search(a);
  struct Search {
    std::uint64_t seed;
    CapacityResult result;   // classic searches
    SearchResult general;    // every search (the classic one converted)
    std::vector<std::pair<double, std::string>> log;  // rate, verdict
  };
  std::vector<Search> searches(std::max(1u, a.replications));
  for (std::uint32_t r = 0; r < searches.size(); ++r)
    searches[r].seed = r == 0 ? a.base_seed : (Rng::stream(a.base_seed, "sweep.replication", r).next_u64() >> 12);
  std::mutex print;
  std::string failure;
  std::string absent;  // an SLO metric a run does not write (bad input)
  const auto search = [&](std::uint32_t r) {
    Search& s = searches[r];
    std::uint32_t step = 0;
    const std::function<bool(double)> trial = [&](double rate) {
      {
        std::lock_guard lock(print);
        if (!absent.empty()) return false;  // the search is over: no more runs
      }
      const std::string run_dir = (fs::path(dir) / "runs" / fmt::format("r{}-s{:02}", r, step++)).string();
      std::vector<std::string> args{"run", a.scenario, "--quiet", "--out", run_dir};
      for (const std::string& x : a.cfgs) args.insert(args.end(), {"--cfg", x});
      for (const std::string& x : a.sets) args.insert(args.end(), {"--set", x});
      args.insert(args.end(),
                  {"--set", a.rate_path + "=" + search_value_text(a, rate), "--seed", std::to_string(s.seed)});
      fs::remove_all(run_dir);
      const int code = run_child({args, run_dir + ".log"});
      if (code != 0 && code != 3) {
        std::lock_guard lock(print);
        failure = fmt::format("a run failed ({}), see {}.log", describe_exit(code), run_dir);
        return false;
      }
      const nlohmann::json summary = read_json(fs::path(run_dir) / "summary.json");
      // A metric the run does not write cannot be met or failed: bad input, not "violated".
      for (const SloTerm& t : terms)
        if (!json_number(summary, t.path)) {
          std::lock_guard lock(print);
          if (absent.empty())
            absent = fmt::format("--slo '{}': {} is absent from {}/summary.json (this scenario does not write it)",
                                 t.text, t.path, run_dir);
          return false;
        }
      const SloVerdict v = check_slo(terms, summary);
      std::lock_guard lock(print);
      s.log.emplace_back(rate, v.detail);
      if (classic)
        err << fmt::format("  replication {}: {:.4g} rps {}: {}\n", r, rate, v.met ? "meets" : "fails", v.detail);
      else
        err << fmt::format("  replication {}: {}={} {}: {}\n", r, a.rate_path, search_value_text(a, rate),
                           v.met ? "meets" : "fails", v.detail);
      return v.met;
    };
    if (classic) {
      CapacityOptions opt;
      opt.start_rps = a.start_rps;
      opt.rel_precision = a.precision;
      s.result = search_capacity(trial, opt);
      s.general = as_search_result(s.result);
      return;
    }
    s.general = search_parameter(trial, search_options(a));
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
  if (!absent.empty()) throw InputError(absent);
  if (!failure.empty()) throw std::runtime_error(failure);

  if (!classic) return report_search(a, searches, out, err);
  std::vector<double> capacities;
  nlohmann::json report = {{"scenario", a.scenario}, {"slo", a.slo}, {"rate_path", a.rate_path},
                           {"replications", nlohmann::json::array()}};
  for (const Search& s : searches) {
    if (s.result.bracketed) capacities.push_back(s.result.lo);
    report["replications"].push_back({{"seed", s.seed}, {"lo_rps", s.result.lo}, {"hi_rps", s.result.hi},
                                      {"runs", s.result.runs}, {"bracketed", s.result.bracketed}, {"note", s.result.note}});
  }
  if (capacities.empty()) {
    out << "capacity: not found (" << searches[0].result.note << ")\n";
    write_file_atomically((fs::path(dir) / "capacity.json").string(), report.dump(2) + "\n");
    return 1;
  }
  const Estimate e = estimate(capacities);
  report["capacity_rps"] = {{"mean", e.mean}, {"ci95", e.ci95}, {"n", e.n}};
  write_file_atomically((fs::path(dir) / "capacity.json").string(), report.dump(2) + "\n");
  out << fmt::format("capacity: {:.4g} requests/s (95 % CI ± {:.2g}, {} replications, precision {:g} %) meeting",
                     e.mean, e.ci95, e.n, 100 * a.precision);
  for (const std::string& t : a.slo) out << " " << t;
  out << "\n  brackets (highest rate met, lowest failed):";
  for (const Search& s : searches) out << fmt::format(" [{:.4g}, {:.4g}]", s.result.lo, s.result.hi);
  out << fmt::format("\n  the interval is over replications; each bracket's width is the search's resolution"
                     "\n  details: {}/capacity.json\n", dir);
  return 0;
}

}  // namespace opgsim::analysis
