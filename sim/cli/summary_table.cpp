// The end-of-run table (see summary_table.hpp).
#include "sim/cli/summary_table.hpp"

#include <fmt/format.h>

#include "models/lifecycle/stage.hpp"

namespace opgsim::cli {

namespace {
std::string dist_row(const char* label, const nlohmann::json& d) {
  return fmt::format("  {:<16} {:>10.4f} {:>10.4f} {:>10.4f} {:>10.4f} {:>10.4f}\n", label, d["mean"].get<double>(),
                     d["p50"].get<double>(), d["p90"].get<double>(), d["p99"].get<double>(), d["max"].get<double>());
}
}  // namespace

std::string summary_table(const nlohmann::json& s, const nlohmann::json& m, const std::string& out_dir) {
  const auto& r = s["requests"];
  std::string out = fmt::format("scenario {}  (seed {}, simulated {:.1f} s in {:.2f} s wall, {:.0f} events/s)\n",
                                m["scenario_name"].get<std::string>(), m["seed"].get<std::uint64_t>(),
                                s["sim_end_s"].get<double>(), m["wall_time_s"].get<double>(),
                                m["events_per_s"].get<double>());
  out += fmt::format("  requests   submitted {}  completed {}  rejected {}  timed_out {}  failed {}  invalid {}  unfinished {}\n",
                     r["submitted"].get<std::uint64_t>(), r["completed"].get<std::uint64_t>(),
                     r["rejected"].get<std::uint64_t>(), r["timed_out"].get<std::uint64_t>(),
                     r["failed"].get<std::uint64_t>(), r["invalid"].get<std::uint64_t>(),
                     r["unfinished"].get<std::uint64_t>());
  out += fmt::format("  measured   offered {:.3f} req/s  throughput {:.3f} req/s  success {:.2f} %",
                     s["offered_rps"].get<double>(), s["throughput_rps"].get<double>(),
                     100.0 * s["measured"]["success_ratio"].get<double>());
  // What users got, when it differs from what finished its background stages too.
  if (s.contains("delivered_rps") && s["delivered_rps"].get<double>() != s["throughput_rps"].get<double>())
    out += fmt::format("  delivered {:.3f} req/s", s["delivered_rps"].get<double>());
  out += "\n";
  out += fmt::format("  {:<16} {:>10} {:>10} {:>10} {:>10} {:>10}\n", "seconds", "mean", "p50", "p90", "p99", "max");
  out += dist_row("latency", s["latency_s"]);
  // Stages in lifecycle order (DESIGN.md), not the JSON's alphabetical one.
  for (const lifecycle::StageInfo& info : lifecycle::stage_table())
    if (const char* stage = info.name;
        s["stages"].contains(stage) && s["stages"][stage]["count"].get<std::uint64_t>() > 0)
      out += dist_row(fmt::format("  {}", stage).c_str(), s["stages"][stage]);
  if (s.contains("finality_s")) out += dist_row("finality", s["finality_s"]);
  if (s.contains("freshness_s")) out += dist_row("freshness", s["freshness_s"]);
  if (s.contains("ttft_s")) out += dist_row("ttft", s["ttft_s"]);
  if (s.contains("tpot_s")) out += dist_row("tpot", s["tpot_s"]);
  out += "  utilization";
  for (const auto& [role, u] : s["utilization"].items()) {
    // The router only decides where requests go (microseconds each): its near-zero share says
    // nothing, so it is left out below 0.1 %.
    if (role == "router" && u.get<double>() < 0.001) continue;
    out += fmt::format("  {} {:.1f} %", role, 100.0 * u.get<double>());
    // A batching GPU is busy whenever one sequence runs: what is in use of its batch slots, KV
    // cache and token budget says how much room is left.
    if (role == "inference" && s.contains("occupancy") && s["occupancy"].contains("inference")) {
      const auto share = [&s](const char* key) { return 100.0 * s[key]["inference"].get<double>(); };
      if (s.contains("ttft_s"))
        out += fmt::format(" (of nodes up; in use: {:.1f} % of batch slots, {:.1f} % of KV-cache blocks, {:.1f} % of "
                           "the token budget)", share("batch"), share("occupancy"), share("tokens"));
      else
        out += fmt::format(" (of nodes up; {:.1f} % of servers in use)", share("batch"));
    }
  }
  out += "\n  invariants ";
  for (const auto& [name, check] : s["invariants"].items())
    out += fmt::format("  {} {}", name, check["ok"].get<bool>() ? "ok" : "FAILED");
  out += fmt::format("\n  output     {}/{{manifest.json, summary.json, timeseries.csv{}}}\n", out_dir,
                     s.contains("economy") ? ", ledger.csv, accounts.csv, events.csv" : "");
  return out;
}

}  // namespace opgsim::cli
