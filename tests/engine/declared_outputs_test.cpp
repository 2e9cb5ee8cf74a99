// Every output a run writes matches its declaration (analysis/output): short runs of shipped
// scenarios that between them have every optional part (gpu model, verifiers, settlement,
// outside data, economy) write only declared summary.json and manifest.json keys, every
// always-present one, and the CSV headers the declarations give; and each declared field shows
// up in at least one of them, so no declaration outlives its writer.
#include <doctest/doctest.h>

#include <set>

#include "analysis/output/accounts_columns.hpp"
#include "analysis/output/horizon_columns.hpp"
#include "analysis/output/ledger_columns.hpp"
#include "analysis/output/manifest_fields.hpp"
#include "analysis/output/summary_fields.hpp"
#include "analysis/output/timeseries_columns.hpp"
#include "sim/roles/role_registry.hpp"
#include "tests/engine/opgsim_process.hpp"

namespace {
using namespace opgsim::analysis::output;
using nlohmann::json;
using opgsim::test::read_file;
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n') + 1); }

// Concrete leaf paths present in `doc`, for the coverage check.
void leaves(const json& j, const std::string& path, std::set<std::string>& out) {
  if (j.is_object() && !j.empty()) {
    for (const auto& [k, v] : j.items()) leaves(v, path.empty() ? k : path + "." + k, out);
    return;
  }
  out.insert(path);
}
}  // namespace

namespace {
// The baseline network in the long-horizon mode: 100 users, `days` long in periods of period_s.
opgsim::test::ProcessResult run_horizon(const std::filesystem::path& dir, const std::filesystem::path& out, double days,
                                        double period_s) {
  const std::string horizon = fmt::format(R"({{"days": {}, "period_s": {}, "window_s": 60, "cache_dir": "{}"}})", days,
                                          period_s, (dir / "cache").string());
  return run_opgsim({"run", "scenarios/baseline.json", "--quiet", "--out", out.string(), "--set", "economy.enabled=true",
                     "--set", R"(workload.arrivals={"type": "users"})", "--set",
                     fmt::format("economy.epoch_s={}", period_s), "--set", "economy.users.initial_users=100", "--set",
                     "economy.users.requests_per_user_per_s=0.01", "--set", "horizon=" + horizon},
                    dir);
}
}  // namespace

TEST_CASE("runs write exactly the declared outputs") {
  std::set<std::string> seen;
  // The sixth run turns on every optional economy family (governance, the fund, holders selling
  // unlocked tokens) so that their fields and columns are written too.
  // The seventh run: every role's operators as agents (economy.roles.<role>.decide), for their fields,
  // with a verifier fee share under x402 (the x402 escrow's fields).
  const std::vector<std::string> agents{"economy.enabled=true", "economy.roles.verifier.decide=true",
                                        "economy.roles.data.decide=true", "economy.roles.storage.decide=true",
                                        "economy.roles.validator.decide=true", "economy.roles.prover.decide=true",
                                        "economy.fees.shares.operator=0.9", "economy.fees.shares.verifier=0.1"};
  const std::vector<std::pair<const char*, std::vector<std::string>>> runs{
      {"scenarios/baseline.json", {"output.slow_latency_s=10"}},  // latency_s.slow
      {"scenarios/opengradient.json", {}},
      {"scenarios/economy/slashing.json", {}},
      {"scenarios/economy/amm-market.json", {}},
      {"scenarios/economy/x402-outage.json", {}},
      {"scenarios/economy/amm-market.json",
       {"economy.governance.enabled=true", "economy.fund.enabled=true", "economy.price.market.unlock_sell_per_day=0.1"}},
      {"scenarios/opengradient.json", agents},
      {"scenarios/two-pools.json", {}}};  // roles.inference.pools: summary.json's pools
  for (const auto& [file, sets] : runs) {
    CAPTURE(file);
    const auto dir = temp_dir("declared");
    const auto out = dir / "out";
    std::vector<std::string> args{"run", file, "--quiet", "--out", out.string(), "--set", "duration_s=120", "--set",
                                  "warmup_s=10", "--set", "drain_s=60"};
    for (const std::string& set : sets) args.insert(args.end(), {"--set", set});
    const auto r = run_opgsim(args, dir);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    const json summary = read_json(out / "summary.json");
    CHECK(summary_fields().undeclared(summary) == std::vector<std::string>{});
    CHECK(summary_fields().missing(summary) == std::vector<std::string>{});
    leaves(summary, "", seen);

    const json manifest = read_json(out / "manifest.json");
    CHECK(manifest_fields().undeclared(manifest) == std::vector<std::string>{});
    CHECK(manifest_fields().missing(manifest) == std::vector<std::string>{});

    const bool has_router = summary["utilization"].contains("router");
    // The core columns, then each role's signals in registry order (a role's conditional ones when
    // the scenario gives it nodes).
    std::vector<bool> has_nodes;
    for (const auto& role : opgsim::role_signals())
      has_nodes.push_back(manifest["scenario"]["roles"][std::string(role.role)]["count"].get<std::uint64_t>() > 0);
    CHECK(first_line(read_file(out / "timeseries.csv")) ==
          TimeseriesColumns(opgsim::role_signals(), has_nodes, has_router, summary.contains("ttft_s")).header());
    if (summary.contains("economy")) {
      const json& e = summary["economy"];
      LedgerContext ledger{.amm = e.contains("market"), .x402 = e.contains("payments"), .governance = e.contains("governance"), .fund = e.contains("fund"),
                           .unlock_sell = e.contains("market") && e["market"].contains("unlock_sold_units"),
                           .deciding_roles = {}};
      if (e.contains("roles"))
        for (const std::string& role : opgsim::node_role_names())  // registry order
          if (e["roles"].contains(role)) ledger.deciding_roles.push_back(role);
      CHECK(first_line(read_file(out / "ledger.csv")) == ledger_header(ledger));
      CHECK(first_line(read_file(out / "accounts.csv")) == accounts_table().header({}));
      CHECK(first_line(read_file(out / "events.csv")) == events_table().header({}));
    } else {
      CHECK(!std::filesystem::exists(out / "ledger.csv"));
      CHECK(!std::filesystem::exists(out / "accounts.csv"));
      CHECK(!std::filesystem::exists(out / "events.csv"));
    }
    std::filesystem::remove_all(dir);
  }
  {
    // A long-horizon run (scenario `horizon`): its summary.json's `horizon` block and its own
    // timeseries.csv columns (the request-level blocks are not in it).
    const auto dir = temp_dir("declared-horizon");
    const auto out = dir / "out";
    const auto r = run_horizon(dir, out, 0.125, 3600);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const json summary = read_json(out / "summary.json");
    CHECK(summary_fields().undeclared(summary) == std::vector<std::string>{});
    leaves(summary, "", seen);
    CHECK(manifest_fields().undeclared(read_json(out / "manifest.json")) == std::vector<std::string>{});
    CHECK(first_line(read_file(out / "timeseries.csv")) == opgsim::analysis::output::horizon_table().header({}));
    CHECK(first_line(read_file(out / "ledger.csv")) == ledger_header(LedgerContext{.x402 = summary["economy"].contains("payments"), .deciding_roles = {}}));
    std::filesystem::remove_all(dir);
  }
  {
    // A horizon reaching day 180 in daily periods: the active-users checkpoints.
    const auto dir = temp_dir("declared-horizon-180");
    const auto out = dir / "run";
    const auto r = run_horizon(dir, out, 181, 86400);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const json summary = read_json(out / "summary.json");
    CHECK(summary_fields().undeclared(summary) == std::vector<std::string>{});
    leaves(summary, "", seen);
    std::filesystem::remove_all(dir);
  }
  for (const FieldDecl& f : summary_fields().fields())
    for (const std::string& p : summary_fields().expand(f.path)) {
      CAPTURE(p);
      CHECK(seen.count(p) == 1);
    }
}
