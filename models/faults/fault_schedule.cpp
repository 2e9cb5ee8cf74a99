// Building, merging and validating the fault schedule (see fault_schedule.hpp for semantics).
#include "models/faults/fault_schedule.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/common/input_error.hpp"

namespace opgsim::faults {

namespace {

// The roles a scenario names (the payment chain is a target of its own kinds, never named as a role).
constexpr std::array<std::string_view, 8> kRoles = {"inference", "verifier", "data",   "storage",
                                                    "validator", "prover",   "client", "router"};
constexpr std::array<std::string_view, 10> kKinds = {"crash",           "recover",       "region_cut",
                                                     "region_restore",  "slow_start",    "slow_end",
                                                     "malicious_start", "malicious_end", "payment_chain_down",
                                                     "payment_chain_up"};

template <std::size_t N>
std::size_t parse_name(const std::array<std::string_view, N>& names, std::string_view s, std::string_view where,
                       std::string_view what) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return i;
  throw InputError(fmt::format("{}: unknown {} '{}' (expected one of: {})", where, what, s, fmt::join(names, ", ")));
}

bool is_region_kind(FaultKind k) { return k == FaultKind::RegionCut || k == FaultKind::RegionRestore; }

// The roster as sets, so target checks are O(log n).
struct Known {
  std::set<std::pair<Role, std::uint32_t>> nodes;
  std::set<std::string> regions;
  explicit Known(const std::vector<NodeRef>& roster) {
    for (const NodeRef& n : roster) {
      nodes.emplace(n.role, n.index);
      if (!n.region.empty()) regions.insert(n.region);
    }
  }
  bool has(const Target& t) const {
    return t.is_region() ? regions.count(t.region) > 0 : nodes.count({t.role, t.index}) > 0;
  }
};

void check_factor(FaultKind k, double factor, const std::string& where) {
  if (k == FaultKind::SlowStart && !(factor >= 1 && std::isfinite(factor)))
    throw InputError(fmt::format("{}: slow factor must be >= 1 (a slowdown), got {}", where, factor));
  if (k == FaultKind::MaliciousStart && !(factor > 0 && factor <= 1))
    throw InputError(
        fmt::format("{}: malicious factor is the invalid fraction, must be in (0, 1], got {}", where, factor));
}

// Checks one listed event on its own (time, factor, target kind, target exists).
void check_event(const FaultEvent& e, const Known& known) {
  if (!std::isfinite(e.time_s) || e.time_s < 0)
    throw InputError(fmt::format("{}: time must be a finite number >= 0, got {}", e.source, e.time_s));
  const bool chain = e.target.role == Role::PaymentChain && !e.target.is_region();
  if (is_payment_chain_kind(e.kind) != chain)
    throw InputError(fmt::format("{}: {} {}", e.source, to_string(e.kind),
                                 chain ? "cannot target the payment chain" : "targets the payment chain only"));
  if (chain) return;  // the payment chain is not in the roster
  if (is_region_kind(e.kind) != e.target.is_region())
    throw InputError(fmt::format("{}: {} needs a {} target, got {}", e.source, to_string(e.kind),
                                 is_region_kind(e.kind) ? "region" : "node (role + index)", e.target.name()));
  check_factor(e.kind, e.factor, e.source);
  if ((e.kind == FaultKind::MaliciousStart || e.kind == FaultKind::MaliciousEnd) && e.target.role != Role::Inference)
    throw InputError(fmt::format("{}: only inference nodes can be malicious, got {}", e.source, e.target.name()));
  if (!known.has(e.target)) throw InputError(fmt::format("{}: unknown target {}", e.source, e.target.name()));
}

void check_duration(const Duration& d, const std::string& where) {
  if (!(d.mean_s > 0 && std::isfinite(d.mean_s)))
    throw InputError(fmt::format("{}.mean_s: must be > 0, got {}", where, d.mean_s));
  if (d.type == Duration::Type::Weibull && !(d.shape > 0 && std::isfinite(d.shape)))
    throw InputError(fmt::format("{}.shape: must be > 0, got {}", where, d.shape));
}

struct KindPair {
  FaultKind start, end;
};
KindPair kinds_of(FaultProcess::Kind k) {
  switch (k) {
    case FaultProcess::Kind::Crash: return {FaultKind::Crash, FaultKind::Recover};
    case FaultProcess::Kind::Slow: return {FaultKind::SlowStart, FaultKind::SlowEnd};
    case FaultProcess::Kind::Malicious: return {FaultKind::MaliciousStart, FaultKind::MaliciousEnd};
    case FaultProcess::Kind::RegionCut: break;
  }
  return {FaultKind::RegionCut, FaultKind::RegionRestore};
}

// One alternating renewal process for one target, appended to `out`.
void generate(const FaultProcess& p, const Target& target, Rng rng, double horizon_s, const std::string& source,
              std::vector<FaultEvent>& out) {
  const KindPair k = kinds_of(p.kind);
  double t = p.start_s;
  for (;;) {
    t += p.time_to_failure.sample(rng);
    if (!(t < horizon_s)) return;
    out.push_back(FaultEvent{t, k.start, target, p.factor, source});
    t += p.time_to_repair.sample(rng);
    if (!(t < horizon_s)) return;
    out.push_back(FaultEvent{t, k.end, target, 1.0, source});
  }
}

}  // namespace

std::string_view to_string(Role r) { return r == Role::PaymentChain ? "payment_chain" : kRoles[static_cast<std::size_t>(r)]; }
std::string_view to_string(FaultKind k) { return kKinds[static_cast<std::size_t>(k)]; }
Role parse_role(std::string_view s, std::string_view where) {
  return static_cast<Role>(parse_name(kRoles, s, where, "role"));
}
FaultKind parse_kind(std::string_view s, std::string_view where) {
  return static_cast<FaultKind>(parse_name(kKinds, s, where, "fault kind"));
}

std::string Target::name() const {
  if (role == Role::PaymentChain && !is_region()) return "the payment chain";
  return is_region() ? fmt::format("region '{}'", region) : fmt::format("{}[{}]", to_string(role), index);
}

double Duration::sample(Rng& rng) const {
  if (type == Type::Exponential) return rng.exponential_mean(mean_s);
  // Inverse CDF of Weibull(k, λ): λ·(−ln U)^(1/k), with λ chosen so the mean is mean_s.
  const double scale = mean_s / std::tgamma(1.0 + 1.0 / shape);
  return scale * std::pow(-std::log(rng.uniform_open0()), 1.0 / shape);
}

void validate_sequence(const std::vector<FaultEvent>& ordered) {
  // Per target and fault family: the event that opened the fault still active, if any.
  struct Open {
    const FaultEvent* down = nullptr;
    const FaultEvent* slow = nullptr;
    const FaultEvent* malicious = nullptr;
    const FaultEvent* cut = nullptr;
  };
  std::map<std::string, Open> state;
  for (const FaultEvent& e : ordered) {
    Open& s = state[e.target.name()];
    auto open = [&](const FaultEvent*& slot, std::string_view what) {
      if (slot)
        throw InputError(fmt::format("{}: {} of {} at t={} s, but it is already {} since t={} s ({})", e.source,
                                     to_string(e.kind), e.target.name(), e.time_s, what, slot->time_s,
                                     slot->source));
      slot = &e;
    };
    auto close = [&](const FaultEvent*& slot, std::string_view what, FaultKind opener) {
      if (!slot)
        throw InputError(fmt::format("{}: {} of {} at t={} s, but it is not {} (no {} before it)", e.source,
                                     to_string(e.kind), e.target.name(), e.time_s, what, to_string(opener)));
      slot = nullptr;
    };
    switch (e.kind) {
      case FaultKind::Crash: open(s.down, "down"); break;
      case FaultKind::Recover: close(s.down, "down", FaultKind::Crash); break;
      case FaultKind::SlowStart: open(s.slow, "slow"); break;
      case FaultKind::SlowEnd: close(s.slow, "slow", FaultKind::SlowStart); break;
      case FaultKind::MaliciousStart: open(s.malicious, "malicious"); break;
      case FaultKind::MaliciousEnd: close(s.malicious, "malicious", FaultKind::MaliciousStart); break;
      case FaultKind::RegionCut: open(s.cut, "cut off"); break;
      case FaultKind::RegionRestore: close(s.cut, "cut off", FaultKind::RegionCut); break;
      case FaultKind::PaymentChainDown: open(s.down, "down"); break;
      case FaultKind::PaymentChainUp: close(s.down, "down", FaultKind::PaymentChainDown); break;
    }
  }
}

std::vector<FaultEvent> build_schedule(std::vector<FaultEvent> listed, const std::vector<FaultProcess>& processes,
                                       const std::vector<NodeRef>& roster, double horizon_s, std::uint64_t seed) {
  if (!(horizon_s >= 0 && std::isfinite(horizon_s)))
    throw InputError(fmt::format("faults: horizon must be a finite number >= 0, got {}", horizon_s));
  const Known known(roster);
  for (std::size_t i = 0; i < listed.size(); ++i) {
    if (listed[i].source.empty()) listed[i].source = fmt::format("faults.events[{}]", i);
    check_event(listed[i], known);
  }
  std::vector<FaultEvent> all = std::move(listed);
  for (std::size_t p = 0; p < processes.size(); ++p) {
    const FaultProcess& proc = processes[p];
    const std::string where = fmt::format("faults.processes[{}]", p);
    check_duration(proc.time_to_failure, where + ".time_to_failure");
    check_duration(proc.time_to_repair, where + ".time_to_repair");
    if (!(proc.start_s >= 0 && std::isfinite(proc.start_s)))
      throw InputError(fmt::format("{}.start_s: must be >= 0, got {}", where, proc.start_s));
    check_factor(kinds_of(proc.kind).start, proc.factor, where + ".factor");
    if (proc.kind == FaultProcess::Kind::Malicious && proc.select.role && *proc.select.role != Role::Inference)
      throw InputError(fmt::format("{}.role: only inference nodes can be malicious, got '{}'", where,
                                   to_string(*proc.select.role)));
    if (proc.select.region && !known.regions.count(*proc.select.region))
      throw InputError(fmt::format("{}.region: unknown region '{}'", where, *proc.select.region));
    if (proc.kind == FaultProcess::Kind::RegionCut) {
      std::vector<std::string> regions;  // roster order, each once
      for (const NodeRef& n : roster)
        if (!n.region.empty() && std::find(regions.begin(), regions.end(), n.region) == regions.end() &&
            (!proc.select.region || *proc.select.region == n.region))
          regions.push_back(n.region);
      for (const std::string& r : regions)
        generate(proc, Target{Role::Inference, 0, r},
                 Rng::stream(seed, fmt::format("faults/{}/region:{}", p, r), 0), horizon_s, where, all);
    } else {
      for (const NodeRef& n : roster) {
        if (proc.select.role && *proc.select.role != n.role) continue;
        if (proc.select.region && *proc.select.region != n.region) continue;
        if (proc.kind == FaultProcess::Kind::Malicious && n.role != Role::Inference) continue;
        generate(proc, Target{n.role, n.index, {}},
                 Rng::stream(seed, fmt::format("faults/{}/{}", p, to_string(n.role)), n.index), horizon_s, where, all);
      }
    }
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const FaultEvent& a, const FaultEvent& b) { return a.time_s < b.time_s; });
  validate_sequence(all);
  return all;
}

}  // namespace opgsim::faults
