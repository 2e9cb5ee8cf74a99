// Unit tests of calibration: it recovers known parameters from measurements the model itself
// generated, one measured point still gives a fit (priors), and bad CSV lines are one-line
// errors naming the file and line.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "../config/temp_files.hpp"
#include "models/common/rng.hpp"
#include "models/gpu/calibration.hpp"
#include "models/gpu/measurements.hpp"

using namespace opgsim;
using namespace opgsim::gpu;
using opgsim::testing::input_error;

namespace {
// request_overhead_s is applied by the closed-loop driver (evaluate), not by the model.
ModelFactory factory() {
  return [](const FitParams& p) {
    service::ServiceSpec s;
    s.type = service::ServiceSpec::Type::Gpu;
    s.gpu = "h100-sxm";
    s.model = "llama-3.1-8b";
    s.catalog_file = OPGSIM_SOURCE_DIR "/models/gpu/catalog.json";
    s.compute_efficiency = p.compute_efficiency;
    s.bandwidth_efficiency = p.bandwidth_efficiency;
    s.iteration_overhead_s = p.iteration_overhead_s;
    s.per_sequence_overhead_s = p.per_sequence_overhead_s;
    return service::make_service_model(s, Rng::stream(1, "calibration"));
  };
}
Measurement row(std::uint32_t c, std::uint32_t prompt, std::uint32_t output) {
  Measurement m;
  m.concurrency = c;
  m.prompt_tokens = prompt;
  m.output_tokens = output;
  m.ttft_s = 1;  // placeholders: replaced by the model's own values
  m.tpot_s = 1;
  return m;
}
// Replaces the rows' measured TTFT and TPOT with what the model gives at `truth`.
void measure_with_model(const FitParams& truth, std::vector<Measurement>& rows) {
  const std::vector<ProfilePoint> synth = evaluate(factory(), truth, rows);
  std::size_t k = 0;
  for (Measurement& m : rows) {
    m.ttft_s = synth[k++].model;
    m.tpot_s = synth[k++].model;
  }
}
std::string csv_error(const std::string& body) {
  return input_error([&] {
    parse_measurements("# comment\nconcurrency,prompt_tokens,output_tokens,ttft_s,tpot_s,engine,source\n" + body, "m.csv");
  });
}
}  // namespace

TEST_CASE("calibration recovers the parameters that generated the measurements (within 2 %)") {
  const FitParams truth{0.42, 0.87, 0.0012, 0.00035, 0};
  std::vector<Measurement> rows{row(1, 2000, 64), row(4, 200, 128), row(16, 1000, 128), row(64, 500, 128)};
  measure_with_model(truth, rows);
  CalibrationOptions opt;
  opt.prior_weight = 1e-6;  // nothing to regularize: the data determine all five
  const CalibrationResult fit = calibrate(factory(), rows, opt);
  CHECK(fit.params.compute_efficiency == doctest::Approx(truth.compute_efficiency).epsilon(0.02));
  CHECK(fit.params.bandwidth_efficiency == doctest::Approx(truth.bandwidth_efficiency).epsilon(0.02));
  CHECK(fit.params.iteration_overhead_s == doctest::Approx(truth.iteration_overhead_s).epsilon(0.02));
  CHECK(fit.params.per_sequence_overhead_s == doctest::Approx(truth.per_sequence_overhead_s).epsilon(0.02));
  // No front-end time in these data: the fit keeps it at (practically) 0.
  CHECK(fit.params.request_overhead_s < 1e-5);
  CHECK(fit.rms_relative_error < 1e-3);
  REQUIRE(fit.points.size() == 8);
}

TEST_CASE("the soft-L1 loss keeps one unrepresentable point from dragging the others") {
  const FitParams truth{0.42, 0.87, 0.0012, 0.00035, 0};
  std::vector<Measurement> rows{row(1, 2000, 64), row(4, 200, 128), row(16, 1000, 128), row(64, 500, 128)};
  measure_with_model(truth, rows);
  *rows[3].ttft_s *= 2;  // something the model does not have doubles one TTFT
  const auto worst_other_error = [&](double robust_scale) {
    CalibrationOptions opt;
    opt.robust_scale = robust_scale;
    const CalibrationResult fit = calibrate(factory(), rows, opt);
    double worst = 0;
    for (std::size_t i = 0; i < fit.points.size(); ++i)
      if (i != 6) worst = std::max(worst, std::abs(fit.points[i].error_pct));  // point 6: the doubled TTFT
    return worst;
  };
  const double robust = worst_other_error(0.2);
  const double plain = worst_other_error(0.0);
  INFO("worst error of the other points: soft-L1 " << robust << " %, least squares " << plain << " %");
  CHECK(robust < 20.0);
  CHECK(robust < 0.75 * plain);
}

TEST_CASE("one measured point gives a well-posed fit that matches it") {
  Measurement m = row(1, 1024, 128);
  m.ttft_s.reset();
  m.tpot_s = 0.0065;
  const CalibrationResult fit = calibrate(factory(), {m}, CalibrationOptions{});
  REQUIRE(fit.points.size() == 1);
  CHECK(std::abs(fit.points[0].error_pct) < 1);
  CHECK(fit.params.compute_efficiency == doctest::Approx(0.5).epsilon(0.01));  // TPOT says nothing about it
  CHECK(fit.params.bandwidth_efficiency <= 1);
  CHECK(fit.params.iteration_overhead_s >= 0);
  CHECK(fit.params.request_overhead_s < 1e-4);  // TPOT says nothing about it: the prior keeps it near 0
}

TEST_CASE("calibration recovers request_overhead_s from TTFT that exceeds TPOT at a short prompt") {
  // The H100 benchmark's shape: 45-token prompts, where a prefill costs about one decode step,
  // so a TTFT well above TPOT can only come from the front end.
  const FitParams truth{0.5, 0.8, 0.003, 0.0001, 0.0075};
  std::vector<Measurement> rows{row(1, 45, 128), row(4, 45, 128), row(16, 45, 128)};
  measure_with_model(truth, rows);
  CHECK(*rows[0].ttft_s > 1.5 * *rows[0].tpot_s);
  const CalibrationResult fit = calibrate(factory(), rows, CalibrationOptions{});
  CHECK(fit.params.request_overhead_s == doctest::Approx(truth.request_overhead_s).epsilon(0.05));
  CHECK(fit.rms_relative_error < 0.01);
}

TEST_CASE("the measurements CSV: comments, empty metrics, quoted fields") {
  const auto rows = parse_measurements(
      "# lengths from the suite\n"
      "concurrency,prompt_tokens,output_tokens,ttft_s,tpot_s,engine,source\n"
      "1,45,128,0.014,0.0065,vLLM 0.21.0,https://example.org/a\n"
      "\n"
      "# a comment between rows\n"
      "8,1024,128,,0.013,\"NIM, 1.8.0\",https://example.org/b\n",
      "m.csv");
  REQUIRE(rows.size() == 2);
  CHECK(*rows[0].ttft_s == 0.014);
  CHECK(rows[0].line == 3);
  CHECK(!rows[1].ttft_s);
  CHECK(rows[1].engine == "NIM, 1.8.0");
  CHECK(rows[1].line == 6);
}

TEST_CASE("bad measurement lines are one-line errors with file and line") {
  CHECK(input_error([] { parse_measurements("conc,prompt\n1,2\n", "m.csv"); }) ==
        "m.csv:1: expected the header 'concurrency,prompt_tokens,output_tokens,ttft_s,tpot_s,engine,source', got "
        "'conc,prompt'");
  CHECK(csv_error("1,45,128,0.01,0.006,vLLM\n") == "m.csv:3: expected 7 fields, got 6");
  CHECK(csv_error("0,45,128,0.01,0.006,vLLM,u\n") == "m.csv:3: concurrency: expected a positive integer, got '0'");
  CHECK(csv_error("1,4.5,128,0.01,0.006,vLLM,u\n") == "m.csv:3: prompt_tokens: expected a positive integer, got '4.5'");
  CHECK(csv_error("1,45,128,fast,0.006,vLLM,u\n") ==
        "m.csv:3: ttft_s: expected a number of seconds > 0 or nothing, got 'fast'");
  CHECK(csv_error("1,45,128,-1,0.006,vLLM,u\n") ==
        "m.csv:3: ttft_s: expected a number of seconds > 0 or nothing, got '-1'");
  CHECK(csv_error("1,45,128,,,vLLM,u\n") == "m.csv:3: ttft_s and tpot_s are both empty: nothing was measured");
  CHECK(csv_error("1,45,1,,0.006,vLLM,u\n") == "m.csv:3: tpot_s needs output_tokens >= 2");
  CHECK(csv_error("1,45,128,0.01,0.006,,u\n") == "m.csv:3: engine: expected the serving engine and version, got nothing");
  CHECK(csv_error("1,45,128,0.01,0.006,\"vLLM,u\n") == "m.csv:3: unterminated double quote");
  CHECK(csv_error("") == "m.csv:2: no measurements after the header");
  CHECK(input_error([] { load_measurements("/nonexistent/m.csv"); }) == "/nonexistent/m.csv: cannot open the measurements file");
}
