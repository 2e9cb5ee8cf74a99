// The long-horizon mode's driver (see horizon_run.hpp).
#include "sim/horizon/horizon_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "analysis/output/horizon_columns.hpp"
#include "analysis/output/json_writer.hpp"
#include "analysis/output/summary_fields.hpp"
#include "models/economy/emissions.hpp"
#include "sim/engine/economy.hpp"
#include "sim/engine/economy_host.hpp"
#include "sim/horizon/rate_grid.hpp"
#include "sim/horizon/window_perf.hpp"
#include "sim/horizon/window_runner.hpp"
#include "sim/horizon/window_scenario.hpp"
#include "sim/roles/role_registry.hpp"

namespace opgsim::horizon {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// No network: who is active is the Economy's own state (its operator pools), which the next
// period's window reads; the clock is the period loop's.
class HorizonHost final : public engine::EconomyHost {
public:
  double now_ = 0;
  double now() const override { return now_; }
  std::size_t clients() const override { return 1; }
  void control_operator(std::uint32_t, engine::ControlMessage::Op) override {}
  void control(std::size_t, std::uint32_t, engine::ControlMessage::Op) override {}
  void publish_stake(std::uint32_t, double) override {}
  void wake_clients() override {}
  void set_escrow_fee(std::uint32_t, economy::Amount) override {}
};

// A path the window scenario names (catalog, profile), made absolute: the window's file lives
// in the cache folder, and relative paths would be read against it.
void absolute_paths(json& resolved) {
  for (auto& entry : resolved["roles"].items()) {
    json& role = entry.value();
    if (!role.is_object() || !role.contains("service") || !role["service"].is_object()) continue;
    for (const char* key : {"catalog", "profile"}) {
      json& v = role["service"][key];
      if (v.is_string() && !v.get<std::string>().empty() && fs::path(v.get<std::string>()).is_relative())
        v = fs::absolute(v.get<std::string>()).lexically_normal().string();
    }
  }
}

struct Totals {
  std::uint64_t periods = 0, measured = 0, reused = 0, interpolated = 0, idle = 0;
  std::uint64_t offered = 0, completed = 0, failed = 0, slow = 0;
  double latency_p99_max = 0;
};

// The days whose active users the summary reports (retention checkpoints of the headline study:
// a month, and half a year).
constexpr double kUserCheckpointDays[] = {30, 180};

}  // namespace

engine::RunOutput run_horizon(const Scenario& given) {
  const auto wall0 = std::chrono::steady_clock::now();
  const HorizonSpec& h = *given.horizon;
  Scenario s = given;  // the economy's clock runs over the horizon
  s.duration_s = h.length_s();
  json resolved = given.resolved;
  absolute_paths(resolved);

  HorizonHost host;
  engine::Economy economy(s, host);
  WindowRunner runner(h.cache_dir);
  std::optional<RateGrid> grid;
  const std::size_t routed = routed_role().index();
  // Each class's share of the requests (its weight) and mean tokens (the workload's distributions).
  double weight_sum = 0;
  for (const auto& c : s.workload.classes) weight_sum += c.weight;
  const double prompt_mean = s.workload.prompt_tokens.mean(), output_mean = s.workload.output_tokens.mean();
  const double tolerance = s.economy.users.tolerance_latency_s;

  std::string csv = analysis::output::horizon_table().header({});
  Totals tot;
  std::vector<engine::Economy::ClassTraffic> traffic(s.workload.classes.size());
  std::vector<economy::Amount> weights(traffic.size()), parts(traffic.size());
  for (std::size_t c = 0; c < traffic.size(); ++c)
    weights[c] = static_cast<economy::Amount>(std::llround(s.workload.classes[c].weight / weight_sum * 1e9));

  // Active users at the end of each checkpoint day the horizon reaches (the first period that
  // ends at or after it), NaN until then.
  double users_at_day[std::size(kUserCheckpointDays)];
  std::fill(std::begin(users_at_day), std::end(users_at_day), std::nan(""));

  economy.start();
  std::uint64_t wakeups = 0;
  for (double t0 = 0; t0 < s.duration_s;) {
    const double t1 = std::min(t0 + h.period_s, s.duration_s);
    // The operating point at the period's start.
    analysis::output::HorizonRow row;
    row.t_start_s = t0;
    row.t_end_s = t1;
    row.offered_rps = economy.request_rate();
    row.active_users = economy.active_users();
    OperatingPoint point;
    for (const NodeRole& role : node_roles()) {
      if (role.count(s) == 0) continue;
      const std::uint32_t n = economy.active_nodes(role.index());
      point.counts[std::string(role.name)] = n;
      row.active_nodes += n;
    }
    row.active_operators = economy.active_nodes(routed);
    point.faults = window_faults(resolved["faults"]["events"], t0, t1, h.window_s, point.counts);
    row.window_faults = point.faults.size();
    WindowPerf perf;
    if (row.offered_rps <= 0 || row.active_operators == 0) {
      row.perf_source = "idle";
      perf.completed_fraction = row.active_operators == 0 ? 0 : 1;
      ++tot.idle;
    } else {
      if (!grid) grid.emplace(row.offered_rps, h.rate_step);
      const RateBracket b = grid->bracket(row.offered_rps);
      row.rate_lo_rps = b.lo;
      row.rate_hi_rps = b.hi;
      const auto at = [&](double rate, bool& simulated) {
        point.rate_rps = rate;
        return runner.perf(window_scenario(resolved, h.window_s, point), simulated);
      };
      bool sim_lo = false, sim_hi = false;
      const WindowPerf lo = at(b.lo, sim_lo);
      if (b.exact()) {
        perf = lo;
        row.perf_source = sim_lo ? "measured" : "reused";
        ++(sim_lo ? tot.measured : tot.reused);
      } else {
        perf = interpolate(lo, at(b.hi, sim_hi), b.weight);
        row.perf_source = "interpolated";
        ++tot.interpolated;
      }
    }
    // The period's traffic, by class in proportion to the classes' weights.
    const double dt = t1 - t0;
    row.offered = static_cast<std::uint64_t>(std::llround(row.offered_rps * dt));
    row.completed = static_cast<std::uint64_t>(std::llround(static_cast<double>(row.offered) * perf.completed_fraction));
    row.failed = row.offered - row.completed;
    row.slow = static_cast<std::uint64_t>(std::llround(static_cast<double>(row.completed) * slow_fraction(perf, tolerance)));
    row.throughput_rps = static_cast<double>(row.completed) / dt;
    row.completed_fraction = perf.completed_fraction;
    row.latency_p50_s = perf.latency_p50_s;
    row.latency_p99_s = perf.latency_p99_s;
    row.ttft_p99_s = perf.ttft_p99_s;
    const auto split = [&](std::uint64_t total, auto field) {
      std::fill(parts.begin(), parts.end(), 0);
      economy::pro_rata(static_cast<economy::Amount>(total), weights, parts);
      for (std::size_t c = 0; c < traffic.size(); ++c) traffic[c].*field = static_cast<std::uint64_t>(parts[c]);
    };
    split(row.offered, &engine::Economy::ClassTraffic::offered);
    split(row.completed, &engine::Economy::ClassTraffic::completed);
    split(row.failed, &engine::Economy::ClassTraffic::failed);
    split(row.slow, &engine::Economy::ClassTraffic::slow);
    for (auto& t : traffic) {
      t.prompt_tokens = static_cast<double>(t.completed) * prompt_mean;
      t.output_tokens = static_cast<double>(t.completed) * output_mean;
      t.gas_units = 0;  // no settlement transactions in aggregate (pay_base_fee pays nothing here)
    }
    // The economy: what happens inside the period (joins, votes), then its traffic, then its end.
    for (double next = economy.next_wakeup(); next < t1; next = economy.next_wakeup()) {
      host.now_ = next;
      economy.advance(next);
      ++wakeups;
    }
    host.now_ = t1;
    economy.ingest_aggregate(traffic, t1);
    for (double next = economy.next_wakeup(); next <= t1; next = economy.next_wakeup()) {
      economy.advance(t1);
      ++wakeups;
    }
    for (std::size_t d = 0; d < std::size(kUserCheckpointDays); ++d)
      if (std::isnan(users_at_day[d]) && t1 >= kUserCheckpointDays[d] * 86400)
        users_at_day[d] = static_cast<double>(economy.active_users());
    analysis::output::horizon_table().append_row(csv, row, {});
    ++tot.periods;
    tot.offered += row.offered;
    tot.completed += row.completed;
    tot.failed += row.failed;
    tot.slow += row.slow;
    tot.latency_p99_max = std::max(tot.latency_p99_max, row.latency_p99_s);
    t0 = t1;
  }
  economy.finish(s.duration_s);

  engine::RunOutput out;
  analysis::output::JsonWriter j(analysis::output::summary_fields(), "horizon");
  j.set("periods", tot.periods);
  j.set("windows_simulated", runner.simulated());
  j.set("windows_reused", runner.reused());
  j.set("periods_measured", tot.measured);
  j.set("periods_reused", tot.reused);
  j.set("periods_interpolated", tot.interpolated);
  j.set("periods_idle", tot.idle);
  j.set("length_s", s.duration_s);
  j.set("period_s", h.period_s);
  j.set("window_s", h.window_s);
  j.set("rate_step", h.rate_step);
  j.set("offered_rps", static_cast<double>(tot.offered) / s.duration_s);
  j.set("throughput_rps", static_cast<double>(tot.completed) / s.duration_s);
  j.set("offered", tot.offered);
  j.set("completed", tot.completed);
  j.set("failed", tot.failed);
  j.set("slow", tot.slow);
  j.set("latency_p99_s_max", tot.latency_p99_max);
  for (std::size_t d = 0; d < std::size(kUserCheckpointDays); ++d)
    if (!std::isnan(users_at_day[d]))
      j.set(fmt::format("active_users_day_{:.0f}", kUserCheckpointDays[d]), static_cast<std::uint64_t>(users_at_day[d]));
  out.summary["horizon"] = j.take();
  out.summary["economy"] = economy.summary();
  out.summary["invariants"]["token_conservation"] = economy.conservation_invariant();
  out.invariants_ok = out.summary["invariants"]["token_conservation"]["ok"].get<bool>();
  out.summary["sim_end_s"] = s.duration_s;
  analysis::output::summary_fields().require_declared(out.summary);
  out.timeseries_csv = std::move(csv);
  out.ledger_csv = economy.take_ledger_csv();
  out.accounts_csv = economy.take_accounts_csv();
  out.events_csv = economy.take_events_csv();
  out.events = wakeups;
  out.sim_end_s = s.duration_s;
  out.run_wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  return out;
}

}  // namespace opgsim::horizon
