// Capacity searches over child runs (see capacity_runner.hpp).
#include "analysis/sweep/capacity_runner.hpp"

#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/capacity_search.hpp"
#include "analysis/curve.hpp"
#include "analysis/io/atomic_file.hpp"
#include "analysis/io/run_files.hpp"
#include "analysis/slo.hpp"
#include "analysis/sweep/process_pool.hpp"
#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"

namespace opgsim::analysis {

namespace fs = std::filesystem;

std::vector<SloTerm> capacity_slo_terms(const std::vector<std::string>& slo) {
  std::vector<SloTerm> terms;
  for (const std::string& t : slo) terms.push_back(parse_slo(t));
  if (terms.empty()) throw InputError("capacity: give at least one --slo, e.g. --slo 'latency_s.p99<=10'");
  return terms;
}

int run_capacity(const CapacitySpec& a, std::ostream& out, std::ostream& err) {
  const std::vector<SloTerm> terms = capacity_slo_terms(a.slo);
  const std::string& dir = a.dir;
  fs::create_directories(fs::path(dir) / "runs");

  // Each replication searches on its own seed; searches run in parallel (-j), runs within one
  // search one after another (bisection is sequential).
  struct Search {
    std::uint64_t seed;
    CapacityResult result;
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
    CapacityOptions opt;
    opt.start_rps = a.start_rps;
    opt.rel_precision = a.precision;
    s.result = search_capacity(
        [&](double rate) {
          {
            std::lock_guard lock(print);
            if (!absent.empty()) return false;  // the search is over: no more runs
          }
          const std::string run_dir = (fs::path(dir) / "runs" / fmt::format("r{}-s{:02}", r, step++)).string();
          std::vector<std::string> args{"run", a.scenario, "--quiet", "--out", run_dir};
          for (const std::string& x : a.cfgs) args.insert(args.end(), {"--cfg", x});
          for (const std::string& x : a.sets) args.insert(args.end(), {"--set", x});
          args.insert(args.end(),
                      {"--set", fmt::format("{}={:.10g}", a.rate_path, rate), "--seed", std::to_string(s.seed)});
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
          err << fmt::format("  replication {}: {:.4g} rps {}: {}\n", r, rate, v.met ? "meets" : "fails", v.detail);
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
  if (!absent.empty()) throw InputError(absent);
  if (!failure.empty()) throw std::runtime_error(failure);

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
