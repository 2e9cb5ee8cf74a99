// Size limits: each field's declared bound and each cross-field total is a one-line error that
// names the path and the largest value that fits (the review's mutants that crashed or hung).
#include <doctest/doctest.h>

#include "load_error.hpp"

using opgsim::testing::load_error;
using opgsim::testing::TempDir;

TEST_CASE("counts allocated up front have declared upper limits") {
  TempDir dir;
  const std::string f = dir / "s.json";
  CHECK(load_error(dir, R"({"roles": {"storage": {"count": 1e9}}})") ==
        f + ": roles.storage.count: expected an integer >= 0 and <= 1000000, got 1000000000.0");
  CHECK(load_error(dir, R"({"roles": {"inference": {"service": {"type": "gpu", "max_batch": 1000000000}}}})") ==
        f + ": roles.inference.service.max_batch: expected an integer >= 1 and <= 4096, got 1000000000");
  CHECK(load_error(dir, R"({"roles": {"verifier": {"cores": 1e9}}})") ==
        f + ": roles.verifier.cores: expected an integer >= 1 and <= 4096, got 1000000000.0");
  CHECK(load_error(dir, R"({"roles": {"validator": {"settlement": {"batch_size": 1e9}}}})") ==
        f + ": roles.validator.settlement.batch_size: expected an integer >= 1 and <= 100000, got 1000000000.0");
  CHECK(load_error(dir, R"({"proof": {"zkml": {"provers_per_node": 1e9}}})") ==
        f + ": proof.zkml.provers_per_node: expected an integer >= 1 and <= 4096, got 1000000000.0");
  CHECK(load_error(dir, R"({"roles": {"client": {"regions": []}}})", {"roles.client.regions=" + [] {
          std::string a = "[";
          for (int i = 0; i < 1001; ++i) a += i ? ",\"eu\"" : "\"eu\"";
          return a + "]";
        }()}) == "--set: roles.client.regions: expected a non-empty array of at most 1000 elements, got 1001");
}

TEST_CASE("nodes and client hosts in all stay within what one process can run") {
  TempDir dir;
  CHECK(load_error(dir, R"({"roles": {"inference": {"count": 1000000}, "storage": {"count": 5000}}})") ==
        dir / "s.json" +
            std::string(": roles: 1005001 nodes and client hosts in all, more than the 1000000 a run can hold (each is "
                        "a SimGrid actor with its own stack; at most 1000000 per role; a run also checks what fits "
                        "this machine)"));
}

TEST_CASE("periods stay above SimGrid's time accuracy and their ticks are bounded") {
  TempDir dir;
  const std::string f = dir / "s.json";
  CHECK(load_error(dir, R"({"output": {"window_s": 1e-320}})") ==
        f + ": output.window_s: expected a number >= 0.001, got 1e-320");
  CHECK(load_error(dir, R"({"duration_s": 1e6, "drain_s": 0, "output": {"window_s": 0.5}})") ==
        f + ": output.window_s: 2000000 windows over duration_s + drain_s (1000000 s), more than the 1000000 a run "
            "allows; use window_s >= 1");
  CHECK(load_error(dir, R"({"economy": {"enabled": true, "epoch_s": 0.001}})") ==
        f + ": economy.epoch_s: 1200000 epochs over duration_s + drain_s (1200 s), more than the 1000000 a run "
            "allows; use epoch_s >= 0.0012");
}

TEST_CASE("payload sizes cannot exceed what a uint64 byte count holds") {
  TempDir dir;
  CHECK(load_error(dir, R"({"workload": {"bytes_per_token": 1e20}})") ==
        dir / "s.json" + std::string(": workload.bytes_per_token: expected a number > 0 and <= 1000000, got 1e+20"));
}

TEST_CASE("random fault processes: the events drawn up front are bounded") {
  TempDir dir;
  const std::string f = dir / "s.json";
  CHECK(load_error(dir, R"({"faults": {"processes": [{"mttf_s": 0.0001, "mttr_s": 1}]}})") ==
        f + ": faults.processes[0].mttf_s: expected a number >= 0.001, got 0.0001");
  CHECK(load_error(dir, R"({"faults": {"processes": [{"role": "inference", "mttf_s": 0.005, "mttr_s": 0.005}]}})") ==
        f + ": faults.processes[0].mttf_s: about 1920000 fault events over the run (8 targets, one failure and one "
            "repair every mttf_s + mttr_s = 0.01 s over 1200 s, with those listed before), more than the 1000000 a "
            "run draws up front");
}

TEST_CASE("economy amounts fit the ledger's int64 base units, products included") {
  TempDir dir;
  const std::string f = dir / "s.json";
  CHECK(load_error(dir, R"({"economy": {"enabled": true, "initial_supply_opg": 1e12}})") ==
        f + ": economy.initial_supply_opg: expected a number > 0 and <= 9000000000, got 1000000000000.0");
  CHECK(load_error(dir, R"({"economy": {"enabled": true, "users": {"budget_opg": 1e9}}})") ==
        f + ": economy.users.budget_opg: 1000000000 OPG for 1000 users (initial_users and waves) is 1000000000000 "
            "OPG, more than the 9000000000 OPG the ledger holds; use budget_opg <= 9000000");
  CHECK(load_error(dir, R"({"economy": {"enabled": true, "operator_stake_opg": 2e8}})") ==
        f + ": economy.initial_supply_opg: expected at least the genesis stakes (1600000000 OPG: active operators, "
            "verifiers, validators and prover nodes times their *_stake_opg), got 1000000000");
  // Prover nodes stake too: 8 operators x 10,000 + 8 prover nodes x 5e8 OPG.
  CHECK(load_error(dir, R"({"roles": {"prover": {"count": 8}}, "economy": {"enabled": true, "prover_stake_opg": 5e8}})") ==
        f + ": economy.initial_supply_opg: expected at least the genesis stakes (4000080000 OPG: active operators, "
            "verifiers, validators and prover nodes times their *_stake_opg), got 1000000000");
  CHECK(load_error(dir, R"({"workload": {"arrivals": {"type": "users"}},
                            "economy": {"enabled": true, "users": {"initial_users": 1e9}}})") ==
        f + ": economy.users.budget_opg: 100 OPG for 1000000000 users (initial_users and waves) is 100000000000 OPG, "
            "more than the 9000000000 OPG the ledger holds; use budget_opg <= 9");
}

TEST_CASE("open-loop arrivals and closed-loop users are bounded by the memory their requests take") {
  TempDir dir;
  const std::string f = dir / "s.json";
  CHECK(load_error(dir, R"({"duration_s": 100000, "workload": {"arrivals": {"type": "poisson", "rate_rps": 1000}}})") ==
        f + ": workload.arrivals.rate_rps: about 100000000 requests expected over the run, more than the 50000000 a "
            "run allows (each holds memory while in flight)");
  CHECK(load_error(dir, R"({"workload": {"arrivals": {"type": "phases", "phases": [{"duration_s": 10, "rate_rps": 1},
                            {"duration_s": 100000, "from_rps": 0, "to_rps": 2000}]}}})") ==
        f + ": workload.arrivals.phases[1]: about 100000010 requests expected over the run, more than the 50000000 a "
            "run allows (each holds memory while in flight)");
  CHECK(load_error(dir, R"({"workload": {"arrivals": {"type": "closed", "users": 10000000}}})") ==
        f + ": workload.arrivals.users: expected an integer >= 1 and <= 100000, got 10000000");
}

TEST_CASE("strings from --set must be UTF-8, and the name must be a plain folder name") {
  TempDir dir;
  CHECK(load_error(dir, "{}", {"description=\xff"}) == "--set: description: expected UTF-8 text, got bytes that are not");
  CHECK(load_error(dir, "{}", {"name=../../etc"}) ==
        "--set: name: expected a folder name (no '/', no control characters, not . or ..), got \"../../etc\"");
  CHECK(load_error(dir, "{}", {"name=a\nb"}) ==
        "--set: name: expected a folder name (no '/', no control characters, not . or ..), got \"a\\nb\"");
}
