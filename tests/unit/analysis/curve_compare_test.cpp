// Unit tests for analysis/curve_compare: metric directions, tolerance in the bad direction, the
// confidence-interval rule, the absolute floor, missing points and metrics, parameter mismatch,
// `only`, and the text table.
#include "analysis/curve_compare.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "models/common/input_error.hpp"

using opgsim::InputError;
using namespace opgsim::analysis;

namespace {

// Three load points, throughput and p99 latency, 5 replicas with narrow intervals.
Curve baseline_curve() {
  Curve c;
  c.param_names = {"workload.arrivals.rate_rps"};
  c.metric_names = {"throughput_rps", "latency_s.p99"};
  c.points = {
      {{"10"}, {{10.0, 0.1, 5}, {0.5, 0.005, 5}}},
      {{"20"}, {{20.0, 0.2, 5}, {0.8, 0.008, 5}}},
      {{"40"}, {{38.0, 0.4, 5}, {2.0, 0.02, 5}}},
  };
  return c;
}

// baseline with throughput scaled by `tp` and latency by `lat`, intervals unchanged.
Curve shifted(double tp, double lat) {
  Curve c = baseline_curve();
  for (auto& p : c.points) {
    p.metrics[0].mean *= tp;
    p.metrics[1].mean *= lat;
  }
  return c;
}

// A one-point, one-metric curve.
Curve single(const std::string& metric, Estimate e) {
  Curve c;
  c.param_names = {"rate"};
  c.metric_names = {metric};
  c.points = {{{"1"}, {e}}};
  return c;
}

CompareOptions tolerance(double t) {
  CompareOptions o;
  o.tolerance = t;
  return o;
}

std::string compare_error(const Curve& a, const Curve& b, const CompareOptions& o = {}) {
  try {
    compare(a, b, o);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("better_direction by metric name") {
  CHECK(better_direction("throughput_rps") == Better::Higher);
  CHECK(better_direction("requests.success_ratio") == Better::Higher);
  CHECK(better_direction("latency_s.p99") == Better::Lower);
  CHECK(better_direction("ttft_s.p50") == Better::Lower);
  CHECK(better_direction("tpot_s.mean") == Better::Lower);
  CHECK(better_direction("finality_s.p99") == Better::Lower);
  CHECK(better_direction("stages.queue.p99") == Better::Lower);
  CHECK(better_direction("freshness_s.p50") == Better::Lower);
  CHECK(better_direction("verifier_backlog.max") == Better::Lower);
  CHECK(better_direction("requests.timed_out") == Better::Lower);
  CHECK(better_direction("requests.failed") == Better::Lower);
  CHECK(better_direction("requests.rejected") == Better::Lower);
  CHECK(better_direction("requests.invalid_undetected") == Better::Lower);
  CHECK(better_direction("cost_usd.per_request") == Better::Either);
  CHECK(better_direction("littles_law.l") == Better::Either);
  CHECK(better_direction("x.latency") == Better::Either);  // "latency" counts only as a prefix
}

TEST_CASE("identical curves: no regression") {
  const Comparison c = compare(baseline_curve(), baseline_curve(), {});
  CHECK(c.rows.size() == 6);
  CHECK(c.missing.empty());
  CHECK_FALSE(c.regression());
  for (const auto& d : c.rows) {
    CHECK(d.rel_change == 0.0);
    CHECK_FALSE(d.regression);
    CHECK(d.note == "within tolerance");
  }
  CHECK(format_comparison(c).ends_with("\nno regression in 6 comparisons\n"));
}

TEST_CASE("throughput down 10 % and latency up 10 %: fails at 5 %, passes at 15 %") {
  const Comparison strict = compare(baseline_curve(), shifted(0.9, 1.1), tolerance(0.05));
  CHECK(strict.regression());
  REQUIRE(strict.rows.size() == 6);
  for (const auto& d : strict.rows) {
    CAPTURE(d.metric);
    CHECK(d.regression);
    CHECK(d.note == "worse by 10 % (tolerance 5 %), CIs disjoint");
  }
  CHECK(strict.rows[0].params == std::vector<std::string>{"10"});
  CHECK(strict.rows[0].metric == "throughput_rps");
  CHECK(strict.rows[0].rel_change == doctest::Approx(-0.1));
  CHECK(strict.rows[1].rel_change == doctest::Approx(0.1));
  CHECK(format_comparison(strict).ends_with("\n6 regressions in 6 comparisons\n"));

  const Comparison loose = compare(baseline_curve(), shifted(0.9, 1.1), tolerance(0.15));
  CHECK_FALSE(loose.regression());
  for (const auto& d : loose.rows) CHECK(d.note == "within tolerance");

  // The same moves in the good direction are never a regression.
  const Comparison better = compare(baseline_curve(), shifted(1.1, 0.9), tolerance(0.05));
  CHECK_FALSE(better.regression());
  for (const auto& d : better.rows) CHECK(d.note == "better by 10 %");
}

TEST_CASE("overlapping confidence intervals prevent a regression, one run alone does not") {
  const Curve base = single("throughput_rps", {100, 10, 5});  // [90, 110]
  Comparison c = compare(base, single("throughput_rps", {90, 5, 5}), {});  // [85, 95]: overlap
  REQUIRE(c.rows.size() == 1);
  CHECK_FALSE(c.rows[0].regression);
  CHECK(c.rows[0].note == "worse by 10 % (tolerance 5 %), but CIs overlap");
  CHECK_FALSE(c.regression());

  c = compare(base, single("throughput_rps", {85, 4, 5}), {});  // [81, 89]: disjoint
  CHECK(c.rows[0].regression);
  CHECK(c.rows[0].note == "worse by 15 % (tolerance 5 %), CIs disjoint");

  c = compare(base, single("throughput_rps", {90, 0, 1}), {});  // a single run has no CI
  CHECK(c.rows[0].regression);
  CHECK(c.rows[0].note == "worse by 10 % (tolerance 5 %), no CI on one side");
}

TEST_CASE("Either direction: a change beyond tolerance either way is a regression") {
  const Curve base = single("cost_usd.per_request", {2.0, 0, 1});
  for (double now : {2.2, 1.8}) {
    CAPTURE(now);
    const Comparison c = compare(base, single("cost_usd.per_request", {now, 0, 1}), {});
    CHECK(c.regression());
    CHECK(c.rows[0].note == "changed by 10 % (tolerance 5 %), no CI on one side");
  }
  const Comparison c = compare(base, single("cost_usd.per_request", {2.06, 0, 1}), {});
  CHECK_FALSE(c.regression());
  CHECK(c.rows[0].note == "within tolerance");
}

TEST_CASE("a baseline mean near zero is compared absolutely") {
  const Curve base = single("requests.failed", {0, 0, 3});
  Comparison c = compare(base, single("requests.failed", {3, 0, 3}), {});
  CHECK(c.regression());
  CHECK(c.rows[0].absolute);
  CHECK(c.rows[0].rel_change == 3.0);
  CHECK(c.rows[0].note == "worse by 3 (absolute, baseline ~0; tolerance 0.05), CIs disjoint");

  c = compare(base, single("requests.failed", {0.01, 0.01, 3}), {});
  CHECK_FALSE(c.regression());
  CHECK(c.rows[0].note == "within tolerance");
}

TEST_CASE("a missing point, metric or value is a regression") {
  Curve current = baseline_curve();
  current.points.erase(current.points.begin() + 2);  // rate 40 gone
  current.points[1].metrics[1] = {};                  // latency missing at rate 20
  current.points.push_back({{"80"}, {{70, 1, 5}, {5, 1, 5}}});  // new points are ignored
  Comparison c = compare(baseline_curve(), current, {});
  CHECK(c.regression());
  CHECK(c.missing == std::vector<std::string>{"latency_s.p99 at workload.arrivals.rate_rps=20",
                                              "point workload.arrivals.rate_rps=40"});
  CHECK(c.rows.size() == 3);
  for (const auto& d : c.rows) CHECK_FALSE(d.regression);
  CHECK(format_comparison(c).ends_with("MISSING: latency_s.p99 at workload.arrivals.rate_rps=20\n"
                                       "MISSING: point workload.arrivals.rate_rps=40\n"
                                       "2 regressions in 5 comparisons\n"));

  current = baseline_curve();
  current.metric_names = {"throughput_rps", "latency_s.p50"};
  c = compare(baseline_curve(), current, {});
  CHECK(c.missing == std::vector<std::string>{"metric latency_s.p99"});
  CHECK(c.rows.size() == 3);
  CHECK(c.regression());

  // A metric the baseline lacks at a point is simply not compared there.
  Curve base = baseline_curve();
  base.points[0].metrics[1] = {};
  c = compare(base, baseline_curve(), {});
  CHECK(c.rows.size() == 5);
  CHECK_FALSE(c.regression());
}

TEST_CASE("mismatched parameters, repeated points and unknown `only` metrics are input errors") {
  Curve other = baseline_curve();
  other.param_names = {"workload.arrivals.rate_rps", "policy.name"};
  for (auto& p : other.points) p.params.push_back("round_robin");
  CHECK(compare_error(baseline_curve(), other) ==
        "compare: the curves have different parameters: baseline (workload.arrivals.rate_rps) vs current "
        "(workload.arrivals.rate_rps, policy.name)");

  Curve twice = baseline_curve();
  twice.points.push_back(twice.points[0]);
  CHECK(compare_error(baseline_curve(), twice) ==
        "compare: the current curve has point workload.arrivals.rate_rps=10 twice");

  CompareOptions o;
  o.only = {"latency_s.p50"};
  CHECK(compare_error(baseline_curve(), baseline_curve(), o) ==
        "compare: metric 'latency_s.p50' is not in the baseline curve (it has: throughput_rps, latency_s.p99)");
}

TEST_CASE("`only` restricts the comparison") {
  CompareOptions o;
  o.only = {"latency_s.p99"};
  const Comparison c = compare(baseline_curve(), shifted(0.5, 1.0), o);  // throughput halved, not checked
  CHECK(c.rows.size() == 3);
  CHECK_FALSE(c.regression());
  for (const auto& d : c.rows) CHECK(d.metric == "latency_s.p99");
}

TEST_CASE("format_comparison: aligned table, regressions first") {
  Curve current = baseline_curve();
  current.points[1].metrics[1].mean = 0.9;  // latency +12.5 % at rate 20
  const Comparison c = compare(baseline_curve(), current, {});
  CHECK(format_comparison(c) ==
        "workload.arrivals.rate_rps  metric          baseline            current             change   verdict\n"
        "20                          latency_s.p99   0.8 +- 0.008 (n=5)  0.9 +- 0.008 (n=5)  +12.5 %  "
        "REGRESSION: worse by 12.5 % (tolerance 5 %), CIs disjoint\n"
        "10                          throughput_rps  10 +- 0.1 (n=5)     10 +- 0.1 (n=5)     +0.0 %   within tolerance\n"
        "10                          latency_s.p99   0.5 +- 0.005 (n=5)  0.5 +- 0.005 (n=5)  +0.0 %   within tolerance\n"
        "20                          throughput_rps  20 +- 0.2 (n=5)     20 +- 0.2 (n=5)     +0.0 %   within tolerance\n"
        "40                          throughput_rps  38 +- 0.4 (n=5)     38 +- 0.4 (n=5)     +0.0 %   within tolerance\n"
        "40                          latency_s.p99   2 +- 0.02 (n=5)     2 +- 0.02 (n=5)     +0.0 %   within tolerance\n"
        "1 regression in 6 comparisons\n");
  CHECK(format_comparison(Comparison{}) == "no regression in 0 comparisons\n");
}
