// Knee of a load curve and the resource that broke first, by a small table of signal rules
// (documented in knee.hpp: change both together).
#include "analysis/knee.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include <fmt/format.h>

namespace opgsim::analysis {

namespace {

enum class Cmp { Gt, Ge, Lt };

// Crossed when value <cmp> first_factor * first + offset (first: the value at point 0).
struct Condition {
  const char* signal;
  Cmp cmp;
  double first_factor;
  double offset;
};

struct Rule {
  const char* resource;
  std::array<std::optional<Condition>, 2> conditions;
};

const std::array<Rule, 7> kRules = {{
    // Not utilization_inference: under continuous batching a node counts as busy whenever any
    // sequence runs, so it reads ~1 at any load; the waiting queue is the signal.
    {"GPU queue", {Condition{"signals.queue_length.mean", Cmp::Gt, 10, 1}, std::nullopt}},
    {"KV cache", {Condition{"signals.occupancy_inference.mean", Cmp::Ge, 0, 0.9},
                  Condition{"signals.preemptions.max", Cmp::Gt, 0, 0}}},
    {"verifier backlog", {Condition{"signals.verifier_backlog.max", Cmp::Gt, 10, 100}, std::nullopt}},
    {"data fetch", {Condition{"signals.data_in_flight.max", Cmp::Gt, 10, 50}, std::nullopt}},
    {"storage bandwidth", {Condition{"signals.storage_in_flight.max", Cmp::Gt, 10, 50}, std::nullopt}},
    {"block space / finality", {Condition{"signals.settlement_pending.max", Cmp::Gt, 10, 1000},
                                Condition{"finality_s.p99", Cmp::Gt, 3, 0}}},
    {"operators leaving", {Condition{"signals.up_inference.mean", Cmp::Lt, 0.9, 0}, std::nullopt}},
}};

std::string num(double v) {
  if (std::fabs(v) >= 1e4 && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{:.4g}", v);
}

std::optional<double> value_at(const LoadPoint& p, const std::string& path) {
  if (path == "offered_rps") return p.offered_rps;
  if (path == "throughput_rps") return p.throughput_rps;
  const auto it = p.values.find(path);
  if (it == p.values.end()) return std::nullopt;
  return it->second;
}

// The condition's threshold over this curve, or nullopt when it cannot be judged.
std::optional<double> threshold(const Condition& c, std::span<const LoadPoint> points) {
  if (c.first_factor == 0) return c.offset;
  const std::optional<double> first = value_at(points[0], c.signal);
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

std::string describe(const Condition& c, double limit) {
  const char* op = c.cmp == Cmp::Gt ? ">" : c.cmp == Cmp::Ge ? ">=" : "<";
  if (c.first_factor == 0) return fmt::format("{} {} {}", c.signal, op, num(limit));
  if (c.offset == 0) return fmt::format("{} {} {} x first = {}", c.signal, op, num(c.first_factor), num(limit));
  return fmt::format("{} {} {} x first + {} = {}", c.signal, op, num(c.first_factor), num(c.offset), num(limit));
}

}  // namespace

Knee find_knee(std::span<const LoadPoint> points, const std::vector<SloTerm>& slo, double follow_ratio) {
  Knee k;
  for (std::size_t i = 0; i < points.size() && !k.found; ++i) {
    const LoadPoint& p = points[i];
    std::vector<std::string> why;
    if (p.throughput_rps < follow_ratio * p.offered_rps)
      why.push_back(fmt::format("throughput stops following the offered load ({:.1f}% of it)",
                                100 * p.throughput_rps / p.offered_rps));
    const SloVerdict v = check_slo(slo, [&p](const std::string& path) { return value_at(p, path); });
    if (!v.met) why.push_back(v.detail);
    if (why.empty()) continue;
    k.found = true;
    k.index = i;
    k.offered_rps = p.offered_rps;
    k.reason = why[0];
    for (std::size_t j = 1; j < why.size(); ++j) k.reason += "; " + why[j];
  }
  if (!k.found) return k;

  // What broke first: the earliest crossing over points 0 .. knee, ties to the rule order. When
  // none crossed by the knee (latency can leave its SLO while batches grow, before any queue
  // forms), the earliest crossing after it: the resource that saturates next is the one to blame.
  std::size_t best_point = points.size();
  const Condition* best = nullptr;
  double best_limit = 0;
  const auto search = [&](std::size_t from, std::size_t to) {
    for (const Rule& rule : kRules) {
      for (const auto& c : rule.conditions) {
        if (!c) continue;
        const std::optional<double> limit = threshold(*c, points);
        if (!limit) continue;
        for (std::size_t i = from; i <= to && i < best_point; ++i) {
          const std::optional<double> v = value_at(points[i], c->signal);
          if (v && crossed(c->cmp, *v, *limit)) {
            best_point = i;
            best = &*c;
            best_limit = *limit;
            k.resource = rule.resource;
            break;
          }
        }
      }
    }
  };
  search(0, k.index);
  if (best == nullptr) search(k.index + 1, points.size() - 1);
  if (best == nullptr) {
    k.resource = "unknown";
    k.evidence = "no resource signal crossed its threshold";
    return k;
  }

  // Evidence: the signal at the first point, just before the crossing, at the crossing, at the knee.
  std::vector<std::string> seen;
  std::size_t last = points.size();
  auto show = [&](std::size_t i, const char* label) {
    if (i == last) return;
    last = i;
    const std::optional<double> v = value_at(points[i], best->signal);
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
  std::string values = seen[0];
  for (std::size_t j = 1; j < seen.size(); ++j) values += ", " + seen[j];
  k.evidence = fmt::format("{}: {}", describe(*best, best_limit), values);
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

}  // namespace opgsim::analysis
