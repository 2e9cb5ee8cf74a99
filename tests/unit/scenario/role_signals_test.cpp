// The roles' declared window signals (sim/roles/<role>/<role>_signal_decls.cpp, through the role
// registry): unique names, knee rules that name their role's signals, and timeseries.csv's
// header as the core columns then each role's signals in registry order.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analysis/output/timeseries_columns.hpp"
#include "sim/roles/role_registry.hpp"

namespace {
using namespace opgsim;
using analysis::RoleSignals;
using analysis::SignalDecl;
}  // namespace

TEST_CASE("every node role declares its signals, in registry order, under its own name") {
  const auto roles = role_signals();
  REQUIRE(roles.size() == node_roles().size());
  for (std::size_t k = 0; k < roles.size(); ++k) {
    CAPTURE(roles[k].role);
    CHECK(roles[k].role == node_roles()[k].name);
    // Each role says how many of its nodes are available: up_<role>.
    bool up = false;
    for (const SignalDecl& d : roles[k].signals) up = up || d.name == fmt::format("up_{}", roles[k].role);
    CHECK(up);
  }
}

TEST_CASE("role signals are unique by name and do not clash with the core timeseries columns") {
  std::set<std::string> names;
  for (const auto& c : analysis::output::core_timeseries_table().columns()) names.insert(std::string(c.name));
  std::size_t total = 0;
  for (const RoleSignals& r : role_signals())
    for (const SignalDecl& d : r.signals) {
      CAPTURE(d.name);
      CHECK(names.insert(std::string(d.name)).second);
      CHECK(!d.unit.empty());
      CHECK(!d.doc.empty());
      ++total;
    }
  CHECK(total <= analysis::kMaxRoleSignals);
}

TEST_CASE("each knee rule names a curve signal its own role declares") {
  std::set<std::string> resources;
  for (const RoleSignals& r : role_signals()) {
    std::set<std::string> own;
    for (const SignalDecl& d : r.signals)
      if (d.curve) {
        own.insert(fmt::format("signals.{}.mean", d.name));
        own.insert(fmt::format("signals.{}.max", d.name));
      }
    for (const analysis::KneeRule& rule : r.knee_rules) {
      CAPTURE(rule.resource);
      CHECK(resources.insert(std::string(rule.resource)).second);
      bool names_own = false;
      for (const auto& c : rule.conditions)
        if (c) {
          // A condition on a signal must be on a declared curve signal (else it is never there).
          if (c->path.rfind("signals.", 0) == 0) CHECK(own.count(std::string(c->path)) == 1);
          names_own = names_own || own.count(std::string(c->path)) == 1;
        }
      // Or a rule on a summary quantity of its role's work alone (GPU compute: tpot_s.p99).
      bool on_signals = false;
      for (const auto& c : rule.conditions) on_signals = on_signals || (c && c->path.rfind("signals.", 0) == 0);
      CHECK((names_own || !on_signals));
    }
  }
  // The rules that were one table in analysis/knee.cpp before they moved to the roles, and GPU
  // compute (a batch that slows down before any queue forms).
  CHECK(resources == std::set<std::string>{"GPU queue", "KV cache", "GPU compute", "verifier backlog", "data fetch",
                                           "storage bandwidth", "block space / finality", "operators leaving"});
}

TEST_CASE("timeseries.csv's header is the core columns, then each role's signals in registry order") {
  const auto roles = role_signals();
  for (const bool all_nodes : {false, true}) {
    CAPTURE(all_nodes);
    std::vector<bool> has_nodes(roles.size(), all_nodes);
    std::string expected = analysis::output::core_timeseries_table().header({true});
    expected.pop_back();
    for (const RoleSignals& r : roles)
      for (const SignalDecl& d : r.signals)
        if (all_nodes || d.presence == analysis::SignalPresence::Always) expected += fmt::format(",{}", d.name);
    expected += '\n';
    CHECK(analysis::output::TimeseriesColumns(roles, has_nodes, true).header() == expected);
  }
  // Only the prover's columns depend on the scenario (results/README.md says so).
  std::vector<std::string> conditional;
  for (const RoleSignals& r : roles)
    for (const SignalDecl& d : r.signals)
      if (d.presence != analysis::SignalPresence::Always) conditional.emplace_back(d.name);
  CHECK(conditional == std::vector<std::string>{"up_prover", "prover_backlog"});
}

TEST_CASE("signal slots follow the registry: a role's first slot is the count of the signals before it") {
  const auto roles = role_signals();
  std::size_t before = 0;
  for (const RoleSignals& r : roles) {
    CAPTURE(r.role);
    CHECK(signal_slot(r.signals.front().name) == before);
    before += r.signals.size();
  }
  CHECK(signal_slot("up_inference") == 0);
  CHECK_THROWS_AS(signal_slot("no_such_signal"), std::logic_error);
}
