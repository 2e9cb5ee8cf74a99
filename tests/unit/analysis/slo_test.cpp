// Unit tests for analysis/slo: parse_slo's forms and its exact error messages, json_number on
// nested and missing paths, and check_slo's verdicts.
#include "analysis/slo.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "models/common/input_error.hpp"

using opgsim::InputError;
using namespace opgsim::analysis;

TEST_CASE("parse_slo reads <= and >= terms, with or without spaces") {
  const SloTerm a = parse_slo("latency_s.p99<=10");
  CHECK(a.path == "latency_s.p99");
  CHECK(a.op == SloTerm::Op::Le);
  CHECK(a.bound == 10);
  CHECK(a.text == "latency_s.p99<=10");

  const SloTerm b = parse_slo("  measured.success_ratio >=  0.99 ");
  CHECK(b.path == "measured.success_ratio");
  CHECK(b.op == SloTerm::Op::Ge);
  CHECK(b.bound == 0.99);
  CHECK(b.text == "measured.success_ratio >=  0.99");

  CHECK(parse_slo("throughput_rps>=1e3").bound == 1000);
  CHECK(parse_slo("x<=-2.5").bound == -2.5);
  CHECK(parse_slo("x<=+3").bound == 3);
  CHECK(parse_slo("stages.queue.p90 <= .5").bound == 0.5);
}

TEST_CASE("parse_slo errors name the term and what is wrong") {
  CHECK_THROWS_WITH_AS(parse_slo("latency_s.p99<10"),
                       "--slo 'latency_s.p99<10': expected <path><=<number> or <path>>=<number>", InputError);
  CHECK_THROWS_WITH_AS(parse_slo(""), "--slo '': expected <path><=<number> or <path>>=<number>", InputError);
  CHECK_THROWS_WITH_AS(parse_slo(" <= 3"), "--slo '<= 3': missing the path before '<='", InputError);
  CHECK_THROWS_WITH_AS(parse_slo("a.b>="), "--slo 'a.b>=': missing the number after '>='", InputError);
  CHECK_THROWS_WITH_AS(parse_slo("a.b<=ten"), "--slo 'a.b<=ten': 'ten' is not a number", InputError);
  CHECK_THROWS_WITH_AS(parse_slo("a.b<=10s"), "--slo 'a.b<=10s': '10s' is not a number", InputError);
  CHECK_THROWS_WITH_AS(parse_slo("a<=3>=4"), "--slo 'a<=3>=4': '3>=4' is not a number", InputError);
  CHECK_THROWS_WITH_AS(parse_slo("a<=inf"), "--slo 'a<=inf': 'inf' is not a finite number", InputError);
  CHECK_THROWS_WITH_AS(parse_slo("a..b<=1"), "--slo 'a..b<=1': path 'a..b' has an empty segment", InputError);
  CHECK_THROWS_WITH_AS(parse_slo(".a<=1"), "--slo '.a<=1': path '.a' has an empty segment", InputError);
  CHECK_THROWS_WITH_AS(parse_slo("a b<=1"), "--slo 'a b<=1': path 'a b' contains a space", InputError);
}

TEST_CASE("json_number follows dotted paths and reports absent or non-numeric values") {
  const nlohmann::json j = {{"latency_s", {{"p99", 12.5}, {"count", 7}}},
                            {"stages", {{"queue", {{"p90", 0.25}}}}},
                            {"invariants", {{"ok", true}}},
                            {"name", "x"},
                            {"throughput_rps", 3}};
  CHECK(json_number(j, "latency_s.p99") == 12.5);
  CHECK(json_number(j, "latency_s.count") == 7);
  CHECK(json_number(j, "stages.queue.p90") == 0.25);
  CHECK(json_number(j, "throughput_rps") == 3);
  CHECK_FALSE(json_number(j, "latency_s.p42"));
  CHECK_FALSE(json_number(j, "finality_s.p99"));
  CHECK_FALSE(json_number(j, "latency_s"));           // an object
  CHECK_FALSE(json_number(j, "latency_s.p99.more"));  // through a number
  CHECK_FALSE(json_number(j, "invariants.ok"));       // a boolean
  CHECK_FALSE(json_number(j, "name"));                // a string
  CHECK_FALSE(json_number(j, ""));
  CHECK_FALSE(json_number(nlohmann::json::array({1, 2}), "0"));
}

TEST_CASE("check_slo names the first violated term") {
  const nlohmann::json s = {{"latency_s", {{"p99", 12.3}}}, {"measured", {{"success_ratio", 0.9}}}};
  const std::vector<SloTerm> none;
  CHECK(check_slo(none, s).met);
  CHECK(check_slo(none, s).detail == "all met");

  const SloVerdict ok = check_slo({parse_slo("latency_s.p99<=20"), parse_slo("measured.success_ratio>=0.9")}, s);
  CHECK(ok.met);
  CHECK(ok.detail == "all met");

  const SloVerdict late = check_slo({parse_slo("latency_s.p99<=10"), parse_slo("measured.success_ratio>=0.99")}, s);
  CHECK_FALSE(late.met);
  CHECK(late.detail == "latency_s.p99 = 12.3 > 10");

  const SloVerdict low = check_slo({parse_slo("latency_s.p99<=20"), parse_slo("measured.success_ratio>=0.99")}, s);
  CHECK_FALSE(low.met);
  CHECK(low.detail == "measured.success_ratio = 0.9 < 0.99");

  const SloVerdict absent = check_slo({parse_slo("finality_s.p99<=60")}, s);
  CHECK_FALSE(absent.met);
  CHECK(absent.detail == "finality_s.p99 is absent (needs <= 60)");

  // A value just past its bound is shown exactly, not rounded to look equal.
  const nlohmann::json close = {{"x", 10.0000001}};
  CHECK(check_slo({parse_slo("x<=10")}, close).detail == "x = 10.0000001 > 10");
}
