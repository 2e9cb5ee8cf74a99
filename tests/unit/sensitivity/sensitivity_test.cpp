// Global sensitivity analysis recovers known indices: the Ishigami function's Sobol indices
// (closed form) within their bootstrap error, a linear function's Morris effects exactly, group
// indices of an additive function, and factor parsing errors.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "analysis/sensitivity/factor.hpp"
#include "analysis/sensitivity/morris.hpp"
#include "analysis/sensitivity/saltelli.hpp"
#include "analysis/sensitivity/study.hpp"
#include "models/common/input_error.hpp"

using namespace opgsim::analysis;

namespace {
// Ishigami: f = sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3, a = 7, b = 0.1.
double ishigami(std::span<const double> u) {
  const double pi = std::numbers::pi;
  const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
  return std::sin(x1) + 7 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
}
// Closed forms (Ishigami & Homma 1990; Sobol' & Levitan 1999): V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2.
struct Known {
  double s1, s2, s3, st1, st2, st3;
};
Known ishigami_indices() {
  const double pi = std::numbers::pi, a = 7, b = 0.1;
  const double v1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2);
  const double v2 = a * a / 8;
  const double v13 = b * b * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50);
  const double v = v1 + v2 + v13;
  return {v1 / v, v2 / v, 0, (v1 + v13) / v, v2 / v, v13 / v};
}
}  // namespace

TEST_CASE("Sobol indices of the Ishigami function within the bootstrap interval and 0.03") {
  const Known k = ishigami_indices();
  CHECK(k.s1 == doctest::Approx(0.3139).epsilon(1e-3));
  CHECK(k.s2 == doctest::Approx(0.4424).epsilon(1e-3));
  CHECK(k.st3 == doctest::Approx(0.2437).epsilon(1e-3));
  const SaltelliPlan plan = saltelli_plan(20000, 3, 42);
  std::vector<double> y(plan.rows());
  for (std::size_t r = 0; r < plan.rows(); ++r) y[r] = ishigami(plan.row(r));
  const SobolIndices s = sobol_indices(plan, y, 200, 0.95, 7);
  const double want_first[] = {k.s1, k.s2, k.s3}, want_total[] = {k.st1, k.st2, k.st3};
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(std::fabs(s.first[i].estimate - want_first[i]) < 0.03);
    CHECK(std::fabs(s.total[i].estimate - want_total[i]) < 0.03);
    CHECK(s.first[i].lo <= s.first[i].estimate);
    CHECK(s.first[i].hi >= s.first[i].estimate);
    CHECK(s.total[i].hi - s.total[i].lo < 0.1);
  }
}

TEST_CASE("group indices: an additive function's group index is the sum of its members'") {
  // f = 1 x1 + 2 x2 + 3 x3 on the unit cube: variances 1, 4, 9 (/12); S = 1/14, 4/14, 9/14.
  const auto f = [](std::span<const double> u) { return u[0] + 2 * u[1] + 3 * u[2]; };
  const SaltelliPlan plan = saltelli_plan(20000, 3, 5, {{0, 1}, {2}});
  std::vector<double> y(plan.rows());
  for (std::size_t r = 0; r < plan.rows(); ++r) y[r] = f(plan.row(r));
  const SobolIndices s = sobol_indices(plan, y, 0, 0.95, 1);
  CHECK(s.first[0].estimate == doctest::Approx(5.0 / 14).epsilon(0.05));
  CHECK(s.first[1].estimate == doctest::Approx(9.0 / 14).epsilon(0.05));
  CHECK(s.total[0].estimate == doctest::Approx(5.0 / 14).epsilon(0.05));
}

TEST_CASE("Morris: a linear function's elementary effects are its coefficients exactly") {
  const auto f = [](std::span<const double> u) { return 3 * u[0] - 2 * u[1] + 0 * u[2]; };
  const MorrisPlan plan = morris_plan(30, 3, 4, 9);
  CHECK(plan.delta == doctest::Approx(2.0 / 3));
  std::vector<double> y(plan.rows());
  for (std::size_t r = 0; r < plan.rows(); ++r) {
    for (double u : plan.row(r)) CHECK((u >= 0 && u <= 1 + 1e-12));
    y[r] = f(plan.row(r));
  }
  const MorrisEffects e = morris_effects(plan, y, 100, 0.95, 3);
  CHECK(e.mu[0] == doctest::Approx(3));
  CHECK(e.mu[1] == doctest::Approx(-2));
  CHECK(e.mu_star[0].estimate == doctest::Approx(3));
  CHECK(e.mu_star[1].estimate == doctest::Approx(2));
  CHECK(e.mu_star[2].estimate == doctest::Approx(0));
  CHECK(e.sigma[0] == doctest::Approx(0).epsilon(1e-9));
  // An interaction shows as sigma > 0: f = x1 * x2.
  for (std::size_t r = 0; r < plan.rows(); ++r) y[r] = plan.row(r)[0] * plan.row(r)[1];
  const MorrisEffects g = morris_effects(plan, y, 0, 0.95, 3);
  CHECK(g.sigma[0] > 0.1);
  CHECK(g.mu_star[2].estimate == doctest::Approx(0));
}

TEST_CASE("factors: parsing and value mapping, with one-line errors") {
  const Factor f = parse_factor("economy.fees.usd_per_million_input=0.01:1:log@incentives");
  CHECK(f.path == "economy.fees.usd_per_million_input");
  CHECK(f.log);
  CHECK(f.group == "incentives");
  CHECK(factor_value(f, 0.5) == doctest::Approx(0.1));
  const Factor n = parse_factor("roles.verifier.count=2:16:int");
  CHECK(factor_value(n, 0.5) == 9);
  CHECK_THROWS_WITH_AS(parse_factor("x=3:1"), "--factor 'x=3:1': lo must be < hi", opgsim::InputError);
  CHECK_THROWS_WITH_AS(parse_factor("x=0:1:log"), "--factor 'x=0:1:log': a log factor needs lo > 0", opgsim::InputError);
  CHECK_THROWS_WITH_AS(parse_factor("x=0:1:cube"), "--factor 'x=0:1:cube': unknown option 'cube' (expected log or int)",
                       opgsim::InputError);
  CHECK_THROWS_WITH_AS(sobol_indices(saltelli_plan(4, 1, 1), std::vector<double>(12, 1.0), 0, 0.95, 1),
                       "sensitivity: the outcome does not vary over the design (variance 0)", opgsim::InputError);
}

TEST_CASE("group indices of the Ishigami function: {x1, x3} against {x2} from a groups-only design") {
  // Closed forms: S_{x2} = V2 / V = 0.4424 (x2 interacts with nothing, so its total is the same);
  // S_{x1,x3} = (V1 + V3 + V13) / V = 0.3139 + 0 + 0.2437 = 0.5576, and its total is 1 - S_{x2}.
  const Known k = ishigami_indices();
  const double s13 = k.s1 + k.s3 + k.st3;  // V13 / V is x3's total (x3 acts only with x1)
  CHECK(s13 == doctest::Approx(0.5576).epsilon(1e-3));
  CHECK(k.s2 == doctest::Approx(0.4424).epsilon(1e-3));
  const SaltelliPlan plan = saltelli_plan(20000, 3, 11, {{0, 2}, {1}});
  CHECK(plan.rows() == 20000u * 4);  // N (groups + 2): no per-factor matrices
  std::vector<double> y(plan.rows());
  for (std::size_t r = 0; r < plan.rows(); ++r) y[r] = ishigami(plan.row(r));
  const SobolIndices s = sobol_indices(plan, y, 200, 0.95, 3);
  CHECK(std::fabs(s.first[0].estimate - s13) < 0.03);
  CHECK(std::fabs(s.total[0].estimate - s13) < 0.03);
  CHECK(std::fabs(s.first[1].estimate - k.s2) < 0.03);
  CHECK(std::fabs(s.total[1].estimate - k.s2) < 0.03);
  for (std::size_t g = 0; g < 2; ++g) {
    CAPTURE(g);
    CHECK(s.first[g].lo <= s.first[g].estimate);
    CHECK(s.first[g].hi >= s.first[g].estimate);
    CHECK(s.total[g].hi - s.total[g].lo < 0.1);
  }
}

TEST_CASE("factors: steps, choices and a complement path") {
  const Factor s = parse_factor("roles.validator.proposer_fault_prob=0:0.3:step=0.1@robustness");
  CHECK(s.step == doctest::Approx(0.1));
  CHECK(factor_text(s, 0.0) == "0");
  CHECK(factor_text(s, 0.49) == "0.1");  // 0.147 -> 0.1
  CHECK(factor_text(s, 0.51) == "0.2");  // 0.153 -> 0.2
  CHECK(factor_text(s, 0.999) == "0.3");
  const Factor c = parse_factor("roles.inference.service.gpu=h100-sxm|a100-80gb|l4@robustness");
  CHECK(c.group == "robustness");
  REQUIRE(c.choices.size() == 3);
  CHECK(factor_text(c, 0.0) == "h100-sxm");
  CHECK(factor_text(c, 0.34) == "a100-80gb");
  CHECK(factor_text(c, 0.999) == "l4");
  const Factor f = parse_factor("economy.fees.shares.operator=0.5:1:step=0.05:complement=economy.fees.shares.treasury");
  CHECK(f.complement == "economy.fees.shares.treasury");
  CHECK(factor_text(f, 0.3) == "0.65");
  CHECK(complement_text(f, 0.3) == "0.35");
  CHECK_THROWS_WITH_AS(parse_factor("x=0:2:complement=y"), "--factor 'x=0:2:complement=y': a factor with a complement must lie in [0, 1]",
                       opgsim::InputError);
  CHECK_THROWS_WITH_AS(parse_factor("x=0:1:step=0"), "--factor 'x=0:1:step=0': step must be a number > 0", opgsim::InputError);
  CHECK_THROWS_WITH_AS(parse_factor("x=a||b"), "--factor 'x=a||b': a choice is empty", opgsim::InputError);
}

TEST_CASE("a groups-only study: --group assigns factors, N (groups + 2) points, complements in the sweep") {
  SensitivitySpec spec;
  spec.target = "s.json";
  spec.samples = 8;
  spec.factors = {parse_factor("a=0:1"), parse_factor("b=0.5:1:step=0.1:complement=c"), parse_factor("d=1:4:int")};
  assign_group(spec, "incentive=a,b");
  assign_group(spec, "robustness=d");
  CHECK(spec.factors[1].group == "incentive");
  CHECK(factor_groups(spec) == std::vector<std::string>{"incentive", "robustness"});
  CHECK(study_points(spec) == 8u * (3 + 2 + 2));
  spec.groups_only = true;
  CHECK(study_points(spec) == 8u * (2 + 2));
  const SweepSpec sweep = study_sweep(spec);
  REQUIRE(sweep.params.size() == 4);  // a, b, c (b's complement), d
  CHECK(sweep.params[2].path == "c");
  for (std::size_t p = 0; p < sweep.params[1].values.size(); ++p)
    CHECK(std::stod(sweep.params[1].values[p]) + std::stod(sweep.params[2].values[p]) == doctest::Approx(1).epsilon(1e-12));
  CHECK(sweep.params[0].values.size() == 32);
  // The study's record round-trips (sensitivity.json), groups_only and the new factor fields included.
  const SensitivitySpec back = sensitivity_from_json(to_json(spec), "x");
  CHECK(to_json(back) == to_json(spec));
  CHECK(back.groups_only);
  CHECK_THROWS_WITH_AS(assign_group(spec, "robustness=a"), "--group 'robustness=a': 'a' is already in group 'incentive'",
                       opgsim::InputError);
  CHECK_THROWS_WITH_AS(assign_group(spec, "x=zz"), "--group 'x=zz': 'zz' is not a --factor's path", opgsim::InputError);
  spec.factors.push_back(parse_factor("e=0:1"));
  CHECK_THROWS_WITH_AS(study_sweep(spec), "--groups-only: factor e is in no group (give it @group or a --group)",
                       opgsim::InputError);
}
