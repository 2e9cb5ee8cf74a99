// A role's window signals, declared once in the role's folder (sim/roles/<role>/<role>_signal_decls.cpp):
// each signal's name (its timeseries.csv column), unit, doc, how it is printed, when it is
// present, whether sweeps summarize it as a curve signal, and the breaking-point rules that name
// it. analysis/ never names a role: the timeseries writer, the knee, the report, the sweep's
// curve and results/README.md iterate the declarations the caller hands them (the role registry's,
// sim/roles/role_registry.hpp). No SimGrid.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "analysis/output/cell.hpp"

namespace opgsim::analysis {

// A knee condition: crossed when the value at `path` <cmp> first_factor * first + offset (first:
// the value at the curve's first point). `path` is a load point's value: a curve signal
// ("signals.<column>.mean" or ".max") or a summary.json path ("finality_s.p99").
enum class Cmp : std::uint8_t { Gt, Ge, Lt };
struct KneeCondition {
  std::string_view path;
  Cmp cmp;
  double first_factor;
  double offset;
};

// A breaking-point rule: the resource it blames and one or two conditions (either crossing counts).
struct KneeRule {
  std::string_view resource;
  std::array<std::optional<KneeCondition>, 2> conditions;
  // Ties (two rules crossing first at the same point) go to the lower tie_order, then to the
  // registry's order: a load-driven resource (0) is blamed before a consequence such as
  // operators leaving (1).
  int tie_order = 0;
  // A background stage's resource (verification, storage, settlement): users get their answers
  // while its backlog grows, so latency and delivered throughput do not show it; when set, the
  // default knee (no --slo given) counts its crossing as a knee too (analysis/knee.hpp).
  bool background = false;
  // How the knee's reason says such a crossing (background rules): "<knee_text> (<resource>: ...)".
  std::string_view knee_text = "a background stage stops keeping up";
  // Capacity lost (operators leaving): a consequence on a tie while the load grows, but the cause
  // when it crosses at the same point as a load-driven rule under a load no more than 10 % above
  // the first point's (the same load on fewer nodes): then it is blamed first.
  bool capacity = false;
};

// When a signal's column is in timeseries.csv.
enum class SignalPresence : std::uint8_t {
  Always,     // whatever the scenario has (zeros for an absent role): a stable schema
  WithNodes,  // only in scenarios where the role has nodes
};

// Which panel of the report's time-series figure draws the signal (when it is not all zeros).
enum class SignalPanel : std::uint8_t {
  None,
  Backlog,      // "the work waiting at the other roles"
  Up,           // "the nodes up per role", drawn when it changes during the run
  Utilization,  // on the utilization axis of the queue panel, when positive
  Chain,        // the chain's state (settlement backlog, base fee): a panel of its own, when positive
};

// What summary.json holds of a signal.
enum class SignalSummary : std::uint8_t {
  None,
  MeasuredMean,  // its mean over the measured span (windows weighted by their overlap with it)
  RunTotal,      // its sum over every window of the run (an integer count)
};

struct SignalDecl {
  std::string_view name;  // the timeseries.csv column
  std::string_view unit;
  std::string_view doc;
  output::Format format;  // Integer (a count) or a double format
  SignalPresence presence = SignalPresence::Always;
  bool curve = false;  // a sweep summarizes it as signals.<name>.{mean,max} (the knee reads those)
  // What summary.json says of it (in scenarios where the role has nodes) and under which field.
  SignalSummary summary = SignalSummary::None;
  std::string_view summary_field = {};
  SignalPanel panel = SignalPanel::None;
};

// One role's declarations: its registry name, its signals and the knee rules naming them.
struct RoleSignals {
  std::string_view role;
  std::span<const SignalDecl> signals;
  std::span<const KneeRule> knee_rules = {};
};

// The most signals all roles together may declare: WindowSample keeps a fixed array of this many
// values, so sampling a window allocates nothing.
inline constexpr std::size_t kMaxRoleSignals = 32;

// The signals of all roles, in slot order (role by role, each in its declared order): a signal's
// slot in WindowSample::values is its index here.
struct SignalSlot {
  std::size_t role;  // index into the roles
  const SignalDecl* decl;
};
std::vector<SignalSlot> signal_slots(std::span<const RoleSignals> roles);
// The slot of the signal called `name`; std::logic_error when no role declares it.
std::size_t signal_slot(std::span<const RoleSignals> roles, std::string_view name);

}  // namespace opgsim::analysis
