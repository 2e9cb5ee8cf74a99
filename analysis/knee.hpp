// The knee of a load curve (runs at increasing offered load): the first point where throughput
// stops following the offered load or the SLO fails, and which resource broke first, judged
// from the per-point signals. No SimGrid.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/output/signal_decl.hpp"
#include "analysis/slo.hpp"

namespace opgsim::analysis {

// One run of the curve. `values` holds anything else measured at this point under summary.json
// paths ("latency_s.p99", "measured.success_ratio", "finality_s.p99") and signals: the
// timeseries.csv columns summarized over the measured windows as "signals.<column>.mean" and
// "signals.<column>.max" (e.g. "signals.queue_length.mean").
struct LoadPoint {
  double offered_rps = 0, throughput_rps = 0;
  std::map<std::string, double> values;
};

// A point's value at a path (offered_rps, throughput_rps or a key of `values`); nullopt if absent.
std::optional<double> value_at(const LoadPoint& p, std::string_view path);

struct Knee {
  bool found = false;
  std::size_t index = 0;     // first point past the knee
  double offered_rps = 0;    // its offered load
  std::string reason;        // "throughput stops following the offered load (x% of it)" and/or the SLO detail
  std::string resource;      // what broke first (a rule's name below), or "unknown"
  std::string evidence;      // one line: the signal, its threshold and its values before and at the knee
};

// The knee: the first point where throughput < follow_ratio * offered, or where the SLO terms
// (may be empty) fail; SLO paths look up "offered_rps" and "throughput_rps" in the point's fields
// and anything else in `values` (absent = violated). Both reasons are given when both hold.
//
// What broke first: among the resource rules, the one with a condition whose signal crossed its
// threshold at the earliest point, searching points 0 .. knee (ties: the order of the rules); if
// none crossed by the knee, the earliest crossing after it ("crossed after the knee").
// "first" is the signal's value at point 0. A condition whose signal is absent at a point (or,
// when relative, at point 0) is not crossed there; a purely relative one (x first, no offset) is
// skipped when first <= 0. The rules are the roles' (`roles`: each role declares them next to
// the signals they name, sim/roles/<role>/<role>_signal_decls.cpp, and results/README.md lists
// them), in the order of `roles` except that a rule with a higher tie_order comes after all
// lower ones (operators leaving, a consequence more than a cause, is blamed last on a tie),
// except that a capacity rule (KneeRule::capacity) crossed at the same point as the earliest
// crossing, under an offered load at most 10 % above the first point's, is blamed instead: the
// same load on fewer nodes.
// No rule crossed: resource "unknown". No knee: found = false, the strings empty.
Knee find_knee(std::span<const LoadPoint> points, const std::vector<SloTerm>& slo, std::span<const RoleSignals> roles,
               double follow_ratio = 0.95);

// How a knee is judged beyond the follow ratio. A sweep's points are means of whole runs, one
// per load: the defaults (a knee at one point, "first" = point 0). A run folder's points are
// 10-second windows of one run, noisy and already loaded when measuring starts:
//  - persistence: a point is the knee only when its condition (shortfall or SLO) also holds at
//    each of the next persistence - 1 points (at every remaining one near the end), so one noisy
//    window is not a knee;
//  - reference: what "first" means in the relative conditions; for a run, its first window
//    (t = 0, the network starting empty, warm-up included), so a backlog already grown by the
//    first measured window still counts as grown. The evidence calls it "start".
//  - background_knee: a background rule (KneeRule::background: verifier backlog, storage,
//    block space) whose condition is crossed also makes the point broken, named in the reason;
//    the default when no --slo is given, so a backlog that grows while users still get their
//    answers is a knee, not only a cause found later.
struct KneeOptions {
  double follow_ratio = 0.95;
  bool background_knee = false;
  std::size_t persistence = 1;
  std::optional<LoadPoint> reference;
};
Knee find_knee(std::span<const LoadPoint> points, const std::vector<SloTerm>& slo, std::span<const RoleSignals> roles,
               const KneeOptions& options);

// A short human report (a few lines, no trailing newline) of the knee, or
// "no knee up to X requests/s" (X: the highest offered load of the points).
std::string format_knee(const Knee& k, std::span<const LoadPoint> points);

}  // namespace opgsim::analysis
