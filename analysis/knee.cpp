// Knee of a load curve and the resource that broke first, by the signal rules each role declares
// next to its signals (sim/roles/<role>/<role>_signal_decls.cpp).
#include "analysis/knee.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include <fmt/format.h>

namespace opgsim::analysis {

namespace {

using Condition = KneeCondition;

// Every role's rules, ties to the lower tie_order, then to the registry's order.
std::vector<const KneeRule*> rules_of(std::span<const RoleSignals> roles) {
  std::vector<const KneeRule*> rules;
  for (const RoleSignals& r : roles)
    for (const KneeRule& rule : r.knee_rules) rules.push_back(&rule);
  std::stable_sort(rules.begin(), rules.end(),
                   [](const KneeRule* a, const KneeRule* b) { return a->tie_order < b->tie_order; });
  return rules;
}

std::string num(double v) {
  if (std::fabs(v) >= 1e4 && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{:.4g}", v);
}


// The condition's threshold over this curve, or nullopt when it cannot be judged.
std::optional<double> threshold(const Condition& c, const LoadPoint& reference) {
  if (c.first_factor == 0) return c.offset;
  const std::optional<double> first = value_at(reference, c.path);
  if (!first) return std::nullopt;
  if (c.offset == 0 && *first <= 0) return std::nullopt;  // a ratio to nothing
  return c.first_factor * *first + c.offset;
}

bool crossed(Cmp cmp, double v, double limit) {
  switch (cmp) {
    case Cmp::Gt: return v > limit;
    case Cmp::Ge: return v >= limit;
    case Cmp::Lt: return v < limit;
  }
  return false;
}

std::string describe(const Condition& c, double limit, const char* first) {
  const char* op = c.cmp == Cmp::Gt ? ">" : c.cmp == Cmp::Ge ? ">=" : "<";
  if (c.first_factor == 0) return fmt::format("{} {} {}", c.path, op, num(limit));
  if (c.offset == 0) return fmt::format("{} {} {} x {} = {}", c.path, op, num(c.first_factor), first, num(limit));
  return fmt::format("{} {} {} x {} + {} = {}", c.path, op, num(c.first_factor), first, num(c.offset), num(limit));
}

}  // namespace

Knee find_knee(std::span<const LoadPoint> points, const std::vector<SloTerm>& slo, std::span<const RoleSignals> roles,
               double follow_ratio) {
  KneeOptions options;
  options.follow_ratio = follow_ratio;
  return find_knee(points, slo, roles, options);
}

Knee find_knee(std::span<const LoadPoint> points, const std::vector<SloTerm>& slo, std::span<const RoleSignals> roles,
               const KneeOptions& options) {
  const std::vector<const KneeRule*> rules = rules_of(roles);
  const double follow_ratio = options.follow_ratio;
  Knee k;
  if (points.empty()) return k;
  const LoadPoint& reference = options.reference ? *options.reference : points[0];
  const char* first_label = options.reference ? "start" : "first";
  // The first background rule crossed at p, described; empty if none (or not asked for).
  const auto background = [&](const LoadPoint& p) -> std::string {
    if (!options.background_knee) return {};
    for (const KneeRule* rule : rules) {
      if (!rule->background) continue;
      for (const auto& c : rule->conditions) {
        if (!c) continue;
        const std::optional<double> limit = threshold(*c, reference);
        const std::optional<double> v = value_at(p, c->path);
        if (limit && v && crossed(c->cmp, *v, *limit))
          return fmt::format("{} ({}: {} = {}, {})", rule->knee_text, rule->resource, c->path, num(*v),
                             describe(*c, *limit, first_label));
      }
    }
    return {};
  };
  const auto broken = [&](const LoadPoint& p) {
    return p.throughput_rps < follow_ratio * p.offered_rps ||
           !check_slo(slo, [&p](const std::string& path) { return value_at(p, path); }).met || !background(p).empty();
  };
  for (std::size_t i = 0; i < points.size() && !k.found; ++i) {
    const LoadPoint& p = points[i];
    std::vector<std::string> why;
    if (p.throughput_rps < follow_ratio * p.offered_rps)
      why.push_back(fmt::format("throughput stops following the offered load ({:.1f}% of it)",
                                100 * p.throughput_rps / p.offered_rps));
    const SloVerdict v = check_slo(slo, [&p](const std::string& path) { return value_at(p, path); });
    if (!v.met) why.push_back(v.detail);
    if (std::string b = background(p); !b.empty()) why.push_back(std::move(b));
    if (why.empty()) continue;
    // Persistence: the next points must be broken too (all of them near the end).
    bool persists = true;
    for (std::size_t j = i + 1; j < std::min(points.size(), i + std::max<std::size_t>(options.persistence, 1)); ++j)
      persists = persists && broken(points[j]);
    if (!persists) continue;
    k.found = true;
    k.index = i;
    k.offered_rps = p.offered_rps;
    k.reason = why[0];
    for (std::size_t j = 1; j < why.size(); ++j) k.reason += "; " + why[j];
    if (const std::size_t after = std::min(points.size() - 1 - i, options.persistence - 1); options.persistence > 1 && after > 0)
      k.reason += fmt::format(" (and still at the {} points after it)", after);
  }
  if (!k.found) return k;

  // What broke first: the earliest crossing over points 0 .. knee, ties to the rule order. When
  // none crossed by the knee (latency can leave its SLO while batches grow, before any queue
  // forms), the earliest crossing after it: the resource that saturates next is the one to blame.
  std::size_t best_point = points.size();
  const Condition* best = nullptr;
  double best_limit = 0;
  const auto search = [&](std::size_t from, std::size_t to) {
    for (const KneeRule* rule : rules) {
      for (const auto& c : rule->conditions) {
        if (!c) continue;
        const std::optional<double> limit = threshold(*c, reference);
        if (!limit) continue;
        for (std::size_t i = from; i <= to && i < best_point; ++i) {
          const std::optional<double> v = value_at(points[i], c->path);
          if (v && crossed(c->cmp, *v, *limit)) {
            best_point = i;
            best = &*c;
            best_limit = *limit;
            k.resource = rule->resource;
            break;
          }
        }
      }
    }
  };
  search(0, k.index);
  if (best == nullptr) search(k.index + 1, points.size() - 1);
  // The same load on less capacity: a capacity rule crossed at the same point is the cause.
  if (best != nullptr && points[best_point].offered_rps <= 1.1 * points[0].offered_rps)
    for (const KneeRule* rule : rules) {
      if (!rule->capacity || rule->resource == k.resource) continue;
      for (const auto& c : rule->conditions) {
        const std::optional<double> limit = c ? threshold(*c, reference) : std::nullopt;
        const std::optional<double> v = limit ? value_at(points[best_point], c->path) : std::nullopt;
        if (v && crossed(c->cmp, *v, *limit)) {
          best = &*c;
          best_limit = *limit;
          k.resource = rule->resource;
          break;
        }
      }
      if (k.resource == rule->resource) break;
    }
  if (best == nullptr) {
    k.resource = "unknown";
    k.evidence = "no resource signal crossed its threshold";
    return k;
  }

  // Evidence: the signal at the reference (a run's start), at the first point, just before the
  // crossing, at the crossing, at the knee.
  std::vector<std::string> seen;
  std::size_t last = points.size();
  auto show = [&](std::size_t i, const char* label) {
    if (i == last) return;
    last = i;
    const std::optional<double> v = value_at(points[i], best->path);
    std::string s = fmt::format("{} at {} req/s", v ? num(*v) : "absent", num(points[i].offered_rps));
    if (*label) s += fmt::format(" ({})", label);
    seen.push_back(s);
  };
  if (best_point > k.index) {
    show(0, k.index == 0 ? "knee" : "first");
    show(k.index, "knee");
    if (best_point - 1 > k.index) show(best_point - 1, "");
    show(best_point, "crossed after the knee");
  } else {
    show(0, best_point == 0 ? (k.index == 0 ? "crossed, knee" : "crossed") : "first");
    if (best_point >= 2) show(best_point - 1, "");
    show(best_point, best_point == k.index ? "crossed, knee" : "crossed");
    show(k.index, "knee");
  }
  if (options.reference) {
    const std::optional<double> v = value_at(reference, best->path);
    seen.insert(seen.begin(), fmt::format("{} at the start", v ? num(*v) : "absent"));
  }
  std::string values = seen[0];
  for (std::size_t j = 1; j < seen.size(); ++j) values += ", " + seen[j];
  k.evidence = fmt::format("{}: {}", describe(*best, best_limit, first_label), values);
  return k;
}

std::string format_knee(const Knee& k, std::span<const LoadPoint> points) {
  if (points.empty()) return "no knee: no load points";
  if (!k.found) {
    double top = 0;
    for (const LoadPoint& p : points) top = std::max(top, p.offered_rps);
    return fmt::format("no knee up to {} requests/s", num(top));
  }
  std::string out = fmt::format("knee at {} requests/s (point {} of {}): {}", num(k.offered_rps), k.index + 1,
                                points.size(), k.reason);
  if (k.index > 0 && k.index < points.size()) {
    const LoadPoint& good = points[k.index - 1];
    out += fmt::format("\nlast good point: {} requests/s offered, {} requests/s served", num(good.offered_rps),
                       num(good.throughput_rps));
  }
  out += fmt::format("\nbroke first: {}", k.resource);
  out += fmt::format("\nevidence: {}", k.evidence);
  return out;
}

std::optional<double> value_at(const LoadPoint& p, std::string_view path) {
  if (path == "offered_rps") return p.offered_rps;
  if (path == "throughput_rps") return p.throughput_rps;
  const auto it = p.values.find(std::string(path));
  if (it == p.values.end()) return std::nullopt;
  return it->second;
}

}  // namespace opgsim::analysis
