// Unit tests for analysis/curve: the Student t quantile (table and expansion against mpmath),
// replicate estimates on hand-computed data, the curve.csv round trip (missing metrics included),
// what to_csv refuses, and parse_curve_csv's exact error messages.
#include "analysis/curve.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/common/input_error.hpp"

using opgsim::InputError;
using namespace opgsim::analysis;

namespace {

// The message parse_curve_csv throws for `text`, or "" if it parses.
std::string parse_error(const std::string& text) {
  try {
    parse_curve_csv(text, "c.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::string to_csv_error(const Curve& c) {
  try {
    to_csv(c);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

Curve sample_curve() {
  Curve c;
  c.param_names = {"workload.arrivals.rate_rps", "policy.name"};
  c.metric_names = {"throughput_rps", "latency_s.p99"};
  c.points = {
      {{"10", "least_loaded"}, {{9.875, 0.125, 5}, {0.5, 0.0625, 5}}},
      {{"20", "least_loaded"}, {{19.5, 0.25, 5}, {}}},               // latency missing here
      {{"40", "round_robin"}, {{-0.001234567891, 0, 1}, {1e-300, 2.5e+30, 4294967295u}}},
  };
  return c;
}

}  // namespace

TEST_CASE("student_t_975 matches the table and mpmath, and tends to the normal quantile") {
  // Reference values: mpmath, 30 digits (findroot of the regularized incomplete beta).
  struct Ref {
    std::uint32_t df;
    double t;
  };
  const Ref refs[] = {{1, 12.70620473617},  {2, 4.302652729749},   {3, 3.182446305284},   {5, 2.570581835636},
                      {10, 2.228138851986}, {20, 2.085963447266},  {29, 2.045229642133},  {30, 2.042272456301},
                      {31, 2.039513446396}, {40, 2.021075390306},  {50, 2.008559112101},  {60, 2.000297822014},
                      {100, 1.983971518524}, {120, 1.979930405082}, {1000, 1.962339080826}, {1000000, 1.959966356814}};
  for (const Ref& r : refs) {
    CAPTURE(r.df);
    CHECK(std::abs(student_t_975(r.df) - r.t) < (r.df <= 30 ? 1e-10 : 3e-8));
  }
  // The values the brief names, at its 1e-4.
  CHECK(student_t_975(1) == doctest::Approx(12.706205).epsilon(1e-5));
  CHECK(student_t_975(100) == doctest::Approx(1.983972).epsilon(1e-5));
  CHECK(std::abs(student_t_975(std::numeric_limits<std::uint32_t>::max()) - 1.959963984540054) < 1e-9);
  CHECK_THROWS_AS(student_t_975(0), std::invalid_argument);
}

TEST_CASE("student_t_975 decreases with df, also across the table's end") {
  double previous = student_t_975(1);
  for (std::uint32_t df = 2; df <= 5000; ++df) {
    CAPTURE(df);
    const double t = student_t_975(df);
    CHECK(t < previous);
    CHECK(t > 1.959963984540054);
    previous = t;
  }
}

TEST_CASE("estimate: mean and t * s / sqrt(n) on hand data") {
  SUBCASE("no sample") {
    const Estimate e = estimate({});
    CHECK(e.n == 0);
    CHECK(e.mean == 0.0);
    CHECK(e.ci95 == 0.0);
  }
  SUBCASE("one sample has no interval") {
    const std::vector<double> x = {3.5};
    const Estimate e = estimate(x);
    CHECK(e.n == 1);
    CHECK(e.mean == 3.5);
    CHECK(e.ci95 == 0.0);
  }
  SUBCASE("2, 4, 4, 4, 5, 5, 7, 9: mean 5, s^2 = 32/7") {
    const std::vector<double> x = {2, 4, 4, 4, 5, 5, 7, 9};
    const Estimate e = estimate(x);
    CHECK(e.n == 8);
    CHECK(e.mean == 5.0);
    // t_{0.975,7} = 2.364624251593 (mpmath); s / sqrt(8) = sqrt(32/7 / 8) = sqrt(4/7).
    CHECK(e.ci95 == doctest::Approx(2.364624251593 * std::sqrt(4.0 / 7.0)).epsilon(1e-10));
  }
  SUBCASE("two samples: ci = t_1 * |a - b| / 2") {
    const std::vector<double> x = {10, 12};
    const Estimate e = estimate(x);
    CHECK(e.mean == 11.0);
    CHECK(e.ci95 == doctest::Approx(12.70620473617).epsilon(1e-10));
  }
  SUBCASE("identical samples: zero width, no cancellation around a large mean") {
    const std::vector<double> x = {1e9 + 0.1, 1e9 + 0.1, 1e9 + 0.1};
    const Estimate e = estimate(x);
    CHECK(e.mean == 1e9 + 0.1);
    CHECK(e.ci95 == 0.0);
  }
}

TEST_CASE("curve.csv: header, rows, %.10g numbers, missing metrics as three empty cells") {
  const std::string csv = to_csv(sample_curve());
  CHECK(csv ==
        "workload.arrivals.rate_rps,policy.name,throughput_rps_mean,throughput_rps_ci95,throughput_rps_n,"
        "latency_s.p99_mean,latency_s.p99_ci95,latency_s.p99_n\n"
        "10,least_loaded,9.875,0.125,5,0.5,0.0625,5\n"
        "20,least_loaded,19.5,0.25,5,,,\n"
        "40,round_robin,-0.001234567891,0,1,1e-300,2.5e+30,4294967295\n");
}

TEST_CASE("curve.csv round trip is exact, missing metrics included") {
  const Curve c = sample_curve();
  const Curve back = parse_curve_csv(to_csv(c), "curve.csv");
  CHECK(back.param_names == c.param_names);
  CHECK(back.metric_names == c.metric_names);
  REQUIRE(back.points.size() == c.points.size());
  for (std::size_t i = 0; i < c.points.size(); ++i) {
    CAPTURE(i);
    CHECK(back.points[i].params == c.points[i].params);
    REQUIRE(back.points[i].metrics.size() == c.points[i].metrics.size());
    for (std::size_t k = 0; k < c.points[i].metrics.size(); ++k) {
      CAPTURE(k);
      CHECK(back.points[i].metrics[k].mean == c.points[i].metrics[k].mean);
      CHECK(back.points[i].metrics[k].ci95 == c.points[i].metrics[k].ci95);
      CHECK(back.points[i].metrics[k].n == c.points[i].metrics[k].n);
    }
  }
  CHECK(to_csv(back) == to_csv(c));
}

TEST_CASE("curve.csv: no parameters, no points, CRLF and blank lines") {
  Curve c;
  c.metric_names = {"requests.failed"};
  CHECK(to_csv(c) == "requests.failed_mean,requests.failed_ci95,requests.failed_n\n");
  CurvePoint single;  // no parameter values, the metric missing
  single.metrics = {Estimate{}};
  c.points = {single};
  CHECK(to_csv(c) == "requests.failed_mean,requests.failed_ci95,requests.failed_n\n,,\n");

  const Curve p = parse_curve_csv("a,m_mean,m_ci95,m_n\r\n1,2,0.5,3\r\n\r\n2,,,\r\n\n", "c.csv");
  CHECK(p.param_names == std::vector<std::string>{"a"});
  CHECK(p.metric_names == std::vector<std::string>{"m"});
  REQUIRE(p.points.size() == 2);
  CHECK(p.points[0].params[0] == "1");
  CHECK(p.points[0].metrics[0].mean == 2.0);
  CHECK(p.points[0].metrics[0].n == 3);
  CHECK(p.points[1].metrics[0].n == 0);
}

TEST_CASE("curve.csv: parameter columns may sit between metric triples") {
  const Curve p = parse_curve_csv("m_mean,m_ci95,m_n,rate\n1,0,1,10\n", "c.csv");
  CHECK(p.param_names == std::vector<std::string>{"rate"});
  CHECK(p.metric_names == std::vector<std::string>{"m"});
  CHECK(p.points.at(0).params == std::vector<std::string>{"10"});
  CHECK(p.points.at(0).metrics.at(0).mean == 1.0);
}

TEST_CASE("to_csv refuses what curve.csv cannot hold") {
  Curve c = sample_curve();
  // A comma in a value is quoted now (swept JSON values, below); a line break is still refused.
  c.points[1].params[1] = "least\nloaded";
  CHECK(to_csv_error(c) == "curve.csv: value of parameter 'policy.name' 'least\\nloaded' contains a line break");

  c = sample_curve();
  c.param_names[0] = "a,b";
  CHECK(to_csv_error(c) == "curve.csv: parameter name 'a,b' contains a comma or line break (curve.csv has no quoting)");

  c = sample_curve();
  c.metric_names[1] = "latency\ns";
  // InputError escapes the line break, so the message stays one line.
  CHECK(to_csv_error(c).find("metric name 'latency\\ns' contains a comma") != std::string::npos);

  c = sample_curve();
  c.points[0].params[0] = "";
  CHECK(to_csv_error(c) == "curve.csv: value of parameter 'workload.arrivals.rate_rps' is empty");

  c = sample_curve();
  c.param_names[1] = "cluster.gpu_n";
  CHECK(to_csv_error(c) ==
        "curve.csv: parameter name 'cluster.gpu_n' ends in _mean, _ci95 or _n, which marks metric columns");

  c = sample_curve();
  c.metric_names[1] = "throughput_rps";
  CHECK(to_csv_error(c) ==
        "curve.csv: column 'throughput_rps_mean' would be written twice (metric 'throughput_rps' and metric 'throughput_rps')");

  c = sample_curve();
  c.points[0].metrics[0].mean = std::numeric_limits<double>::quiet_NaN();
  CHECK(to_csv_error(c) ==
        "curve.csv: metric 'throughput_rps' at workload.arrivals.rate_rps=10, policy.name=least_loaded, mean is not a "
        "finite number (nan)");

  CHECK(to_csv_error(Curve{}) == "curve.csv: a curve needs at least one parameter or metric");

  c = sample_curve();
  c.points[0].metrics.pop_back();
  CHECK_THROWS_AS(to_csv(c), std::invalid_argument);
}

TEST_CASE("parse_curve_csv: malformed files, exact messages") {
  const std::string header = "rate,m_mean,m_ci95,m_n\n";
  CHECK(parse_error("") == "c.csv:1: bad header: expected the curve.csv header, got an empty line");
  CHECK(parse_error("rate,,m_mean,m_ci95,m_n\n") == "c.csv:1: bad header: column 2 has no name");
  CHECK(parse_error("rate,rate\n") == "c.csv:1: bad header: column 2 'rate' repeats column 1");
  CHECK(parse_error("rate,m_mean,m_ci95,m_n,m_mean,m_ci95,m_n\n") ==
        "c.csv:1: bad header: column 5 'm_mean' repeats column 2");
  CHECK(parse_error("rate,m_mean,m_n,m_ci95\n") == "c.csv:1: bad header: column 2 'm_mean' must be followed by 'm_ci95,m_n'");
  CHECK(parse_error("rate,m_mean,m_ci95\n") == "c.csv:1: bad header: column 2 'm_mean' must be followed by 'm_ci95,m_n'");
  CHECK(parse_error("rate,m_ci95,m_n\n") ==
        "c.csv:1: bad header: column 2 'm_ci95' is not part of a 'm_mean,m_ci95,m_n' triple");
  CHECK(parse_error("gpu_n\n") == "c.csv:1: bad header: column 1 'gpu_n' is not part of a 'gpu_mean,gpu_ci95,gpu_n' triple");
  CHECK(parse_error("_mean,_ci95,_n\n") == "c.csv:1: bad header: column 1 '_mean' has no metric name");

  CHECK(parse_error(header + "10,1,0.1,3\n20,1,0.1\n") == "c.csv:3: expected 4 cells, got 3");
  CHECK(parse_error(header + "\n10,1,0.1,3,4\n") == "c.csv:3: expected 4 cells, got 5");
  CHECK(parse_error(header + "10,abc,0.1,3\n") == "c.csv:2: m_mean: expected a finite number, got 'abc'");
  CHECK(parse_error(header + "10,1.5x,0.1,3\n") == "c.csv:2: m_mean: expected a finite number, got '1.5x'");
  CHECK(parse_error(header + "10,inf,0.1,3\n") == "c.csv:2: m_mean: expected a finite number, got 'inf'");
  CHECK(parse_error(header + "10,1, 0.1,3\n") == "c.csv:2: m_ci95: expected a finite number >= 0, got ' 0.1'");
  CHECK(parse_error(header + "10,1,-0.1,3\n") == "c.csv:2: m_ci95: expected a finite number >= 0, got '-0.1'");
  CHECK(parse_error(header + "10,1,0.1,2.5\n") ==
        "c.csv:2: m_n: expected a positive integer (leave all three cells empty for a missing metric), got '2.5'");
  CHECK(parse_error(header + "10,1,0.1,0\n") ==
        "c.csv:2: m_n: expected a positive integer (leave all three cells empty for a missing metric), got '0'");
  CHECK(parse_error(header + "10,1,,\n") ==
        "c.csv:2: m: a missing metric has all three cells empty, a present one none, got '1,,'");
  CHECK(parse_error(header + ",1,0.1,3\n") == "c.csv:2: rate: empty parameter value");
  CHECK(parse_error(header + "10,1,0.1,3\n20,,,\n10,2,0.1,3\n") == "c.csv:4: point rate=10 repeats line 2");
}

TEST_CASE("curve.csv quotes a parameter value holding a comma or a quote (a swept JSON value) and reads it back") {
  Curve c = sample_curve();
  c.param_names[1] = "economy.fees.shares";
  c.points[0].params[1] = R"({"operator":0.8,"treasury":0.2})";
  c.points[1].params[1] = "[0.5,0.3,0.2]";
  const std::string csv = to_csv(c);
  CHECK(csv.find(R"(,"{""operator"":0.8,""treasury"":0.2}",)") != std::string::npos);
  CHECK(csv.find(R"(,"[0.5,0.3,0.2]",)") != std::string::npos);
  const Curve back = parse_curve_csv(csv, "curve.csv");
  REQUIRE(back.points.size() == c.points.size());
  CHECK(back.points[0].params[1] == c.points[0].params[1]);
  CHECK(back.points[1].params[1] == c.points[1].params[1]);
  CHECK(to_csv(back) == csv);
  // Values without a comma or quote are written as before.
  CHECK(to_csv(sample_curve()).find('"') == std::string::npos);
}
