// A node of a role other than inference slashed below its role's minimum stake
// (economy.roles.<role>.min_stake_opg) stops serving at once, as an inference operator below
// economy.min_stake_opg does: a validator jailed for downtime and slashed half its 100,000 OPG
// stake, below a 60,000 OPG minimum, is forced out (events.csv forced_out with role=validator),
// its remaining stake unbonds and it never signs again; without the minimum it stays staked.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "tests/engine/opgsim_process.hpp"

namespace {
using nlohmann::json;
using opgsim::test::read_file;
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

// Four validators with 1 s blocks; validator 0 crashes at 5 s for good. A window of 10 blocks
// with at least half signed: it is jailed (5 s) and slashed half its stake once it has missed 6.
json base() {
  return json::parse(R"({
    "duration_s": 60, "drain_s": 10,
    "platform": {"regions": [{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 1, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 4}},
              "validator": {"count": 4, "block_time_s": 1}},
    "router": {"placement": "client"},
    "workload": {"arrivals": {"type": "poisson", "rate_rps": 1}, "classes": [{"name": "c"}]},
    "economy": {"enabled": true, "epoch_s": 60, "emissions": {"type": "none"},
                "downtime": {"window_blocks": 10, "min_signed": 0.5, "slash_fraction": 0.5, "jail_s": 5}},
    "faults": {"events": [{"time_s": 5, "kind": "crash", "role": "validator", "index": 0}]}
  })");
}

struct Out {
  json summary;
  std::string events, accounts;
};

Out run(const std::string& name, const json& scenario) {
  const auto dir = temp_dir("role-min-stake-" + name);
  std::ofstream(dir / "s.json") << scenario.dump(2);
  const auto r = run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  Out out{read_json(dir / "out" / "summary.json"), read_file(dir / "out" / "events.csv"),
          read_file(dir / "out" / "accounts.csv")};
  std::filesystem::remove_all(dir);
  CHECK(out.summary["invariants"]["token_conservation"]["ok"].get<bool>());
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// validator[0]'s last accounts.csv row: "balance,staked,unbonding".
std::string last_validator0(const std::string& csv) {
  std::istringstream in(csv);
  std::string line, last;
  while (std::getline(in, line))
    if (line.find(",validator[0],validator,") != std::string::npos) last = line;
  // t_end_s,account,kind,index,label,balance_units,staked_units,unbonding_units
  std::size_t at = 0;
  for (int k = 0; k < 5; ++k) at = last.find(',', at) + 1;
  return last.substr(at);
}
}  // namespace

TEST_CASE("a validator slashed below its role's minimum stake stops at once and unbonds") {
  json s = base();
  s["economy"]["roles"] = {{"validator", {{"min_stake_opg", 60000}}}};
  const Out r = run("forced", s);
  CHECK(count(r.events, "slash_downtime,validator[0],50000000000000,") == 1);
  // Forced out right after its slash: 50,000 OPG left, below 60,000.
  CHECK(count(r.events, "forced_out,validator[0],50000000000000,role=validator "
                        "min_stake_units=60000000000000") == 1);
  CHECK(r.summary["economy"]["totals"]["operators_forced_out"] == 1);
  CHECK(r.summary["economy"]["totals"]["downtime_slashes"] == 1);
  CHECK(last_validator0(r.accounts) == "0,0,50000000000000");
}

TEST_CASE("without a validator minimum stake a slashed validator keeps its stake and its seat") {
  const Out r = run("kept", base());
  CHECK(count(r.events, "slash_downtime,validator[0],50000000000000,") == 1);
  CHECK(count(r.events, "forced_out") == 0);
  CHECK(r.summary["economy"]["totals"]["operators_forced_out"] == 0);
  CHECK(last_validator0(r.accounts).rfind("0,", 0) == 0);
}
