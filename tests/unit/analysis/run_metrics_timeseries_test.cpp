// RunMetrics' timeseries.csv: every column in the header, the sampled values in the rows, and
// per-window finality percentiles that follow completions by end time.
#include <doctest/doctest.h>

#include <algorithm>

#include "tests/unit/analysis/run_metrics_fixture.hpp"

using namespace opgsim::analysis;
using namespace opgsim::analysis::testing;

TEST_CASE("timeseries.csv: every column in the header, the sampled values in the rows") {
  for (bool router : {false, true}) {
    CAPTURE(router);
    MetricsConfig c = config(0, 30, 10);
    c.has_router = router;
    RunMetrics m(c);
    // Window 1 (10..20): two completions ending there, one settled with finality 3.
    RequestTimes a = foreground(11.0);
    a.settled = 14.0;  // ends at its result, 16.125
    RequestTimes b = foreground(12.0);
    m.on_submit(a.submit);
    m.on_submit(b.submit);
    m.on_terminal(a.result, a.result, Outcome::Completed, a, 1);
    m.on_terminal(b.result, b.result, Outcome::Completed, b, 1);
    RunMetrics::WindowSample w;
    w.values[slot("queue_length")] = 3;
    w.values[slot("utilization_inference")] = 0.5;
    w.router_utilization = 0.125;
    w.values[slot("utilization_verifier")] = 0.75;
    w.values[slot("verifier_backlog")] = 4;
    w.values[slot("data_in_flight")] = 5;
    w.values[slot("storage_in_flight")] = 6;
    w.values[slot("settlement_pending")] = 7;
    w.values[slot("blocks")] = 8;
    w.values[slot("base_fee_gwei")] = 12.5;
    w.values[slot("up_inference")] = 9;
    w.values[slot("up_verifier")] = 10;
    w.values[slot("up_data")] = 11;
    w.values[slot("up_storage")] = 12;
    w.values[slot("up_validator")] = 13;
    m.on_window_sample(0, RunMetrics::WindowSample{});
    m.on_window_sample(1, w);
    m.on_window_sample(2, RunMetrics::WindowSample{});
    m.finish(30);
    const std::string csv = m.timeseries_csv();
    const auto ls = lines(csv);
    REQUIRE(ls.size() == 4);  // header + 3 windows
    // The core columns, then each role's signals in the registry's order (no prover nodes: no
    // prover columns).
    std::string expected_header =
        "t_start_s,t_end_s,arrivals,completed,rejected,timed_out,failed,invalid,in_flight,"
        "throughput_rps,latency_p50_s,latency_p99_s,finality_p99_s";
    if (router) expected_header += ",utilization_router";
    expected_header += ",delivered,delivered_rps";  // what users got (issue 14); no TTFT columns without token metrics
    expected_header +=
        ",up_inference,queue_length,utilization_inference,occupancy_inference,batch_inference,tokens_inference"
        ",preemptions,up_verifier,verifier_backlog,utilization_verifier,up_data,data_in_flight,up_storage"
        ",storage_in_flight,storage_backlog"
        ",up_validator,settlement_pending,blocks,base_fee_gwei";
    CHECK(ls[0] == expected_header);
    for (std::size_t i = 1; i < ls.size(); ++i) CHECK(split(ls[i]).size() == split(ls[0]).size());

    const auto row = csv_row(csv, 1);
    CHECK(row.at("completed") == "2");
    CHECK(std::stod(row.at("latency_p99_s")) == 5.125);
    CHECK(row.at("verifier_backlog") == "4");
    CHECK(row.at("data_in_flight") == "5");
    CHECK(row.at("storage_in_flight") == "6");
    CHECK(row.at("settlement_pending") == "7");
    CHECK(row.at("blocks") == "8");
    CHECK(std::stod(row.at("base_fee_gwei")) == 12.5);
    CHECK(row.at("up_inference") == "9");
    CHECK(row.at("up_verifier") == "10");
    CHECK(row.at("up_data") == "11");
    CHECK(row.at("up_storage") == "12");
    CHECK(row.at("up_validator") == "13");
    CHECK(std::stod(row.at("utilization_verifier")) == 0.75);
    CHECK(std::stod(row.at("finality_p99_s")) == 3.0);  // only the settled one
    if (router) CHECK(std::stod(row.at("utilization_router")) == 0.125);

    for (std::size_t r : {0u, 2u}) {  // nothing settled or sampled there: zeros
      const auto other = csv_row(csv, r);
      CHECK(std::stod(other.at("finality_p99_s")) == 0.0);
      CHECK(other.at("blocks") == "0");
      CHECK(other.at("up_validator") == "0");
      CHECK(std::stod(other.at("utilization_verifier")) == 0.0);
    }
  }
}

TEST_CASE("finality_p99 windows follow completions by end time, like latency_p99") {
  RunMetrics m(config(0, 40, 10));
  // Window 0: finality 1 and 2 (p99 = 2); window 1: none settled; window 2: finality 8.
  RequestTimes one = foreground(0.0), two = foreground(0.0);
  one.settled = 1.0;  // both end at their result, 5.125
  two.settled = 2.0;
  m.on_submit(0.0);
  m.on_submit(0.0);
  m.on_terminal(one.result, one.result, Outcome::Completed, one, 1);
  m.on_terminal(two.result, two.result, Outcome::Completed, two, 1);
  RequestTimes mid = foreground(10.0);
  run_one(m, mid, mid.result);
  RequestTimes late = foreground(18.0);
  late.settled = 26.0;
  run_one(m, late, 26.0);
  m.finish(40);
  const std::string csv = m.timeseries_csv();
  CHECK(std::stod(csv_row(csv, 0).at("finality_p99_s")) == 2.0);
  CHECK(std::stod(csv_row(csv, 1).at("finality_p99_s")) == 0.0);
  CHECK(std::stod(csv_row(csv, 1).at("latency_p99_s")) == 5.125);
  CHECK(std::stod(csv_row(csv, 2).at("finality_p99_s")) == 8.0);
  CHECK(std::stod(csv_row(csv, 2).at("latency_p99_s")) == 5.125);  // result - submit, not end - submit
  CHECK(std::stod(csv_row(csv, 3).at("finality_p99_s")) == 0.0);
}


TEST_CASE("timeseries.csv: a role's conditional signals only when it has nodes, read from their slots") {
  for (bool prover : {false, true}) {
    CAPTURE(prover);
    MetricsConfig c = config(0, 20, 10);
    if (prover) set_has_nodes(c, "prover");
    RunMetrics m(c);
    RunMetrics::WindowSample w;
    w.values[slot("up_prover")] = 2;
    w.values[slot("prover_backlog")] = 17;
    w.values[slot("preemptions")] = 4;
    m.on_window_sample(0, w);
    m.on_window_sample(1, w);
    m.finish(20);
    const std::string csv = m.timeseries_csv();
    const auto header = split(lines(csv)[0]);
    CHECK((std::find(header.begin(), header.end(), "prover_backlog") != header.end()) == prover);
    CHECK(header.back() == (prover ? "prover_backlog" : "base_fee_gwei"));  // the last role's, last
    const auto row = csv_row(csv, 1);
    if (prover) {
      CHECK(row.at("up_prover") == "2");
      CHECK(row.at("prover_backlog") == "17");
    }
    CHECK(row.at("preemptions") == "4");
    CHECK(m.summary()["preemptions"] == 8);  // a RunTotal signal: summed over the windows
  }
}

TEST_CASE("delivered counts answers users got, by the time they arrived, and TTFT and TPOT per window") {
  MetricsConfig c = config(0, 40, 10);
  c.token_metrics = true;
  RunMetrics m(c);
  // A: answered at 6.125, settled (ends) at 23. B: answered at 7.125, still settling when the
  // run stops (unfinished). C: timed out at 8, no answer.
  RequestTimes a = foreground(1.0), b = foreground(2.0), cc = foreground(3.0);
  a.first_token = 3.25;  // TTFT 2.25; TPOT (5.5 - 3.25) / (10 - 1) = 0.25
  a.settled = 23.0;
  cc.result = -1;
  for (double t : {1.0, 2.0, 3.0}) m.on_submit(t);
  m.on_terminal(8.0, 8.0, Outcome::TimedOut, cc, 0);
  m.on_terminal(23.0, 23.0, Outcome::Completed, a, 10);
  m.on_terminal(40.0, 40.0, Outcome::Unfinished, b, 10);
  m.finish(40);
  const std::string csv = m.timeseries_csv();
  CHECK(lines(csv)[0].find(",utilization_router,delivered,delivered_rps,ttft_p50_s,ttft_p99_s,tpot_p99_s,") !=
        std::string::npos);
  CHECK(csv_row(csv, 0).at("delivered") == "2");
  CHECK(std::stod(csv_row(csv, 0).at("delivered_rps")) == 0.2);
  CHECK(csv_row(csv, 0).at("completed") == "0");
  CHECK(csv_row(csv, 2).at("completed") == "1");
  CHECK(csv_row(csv, 2).at("delivered") == "0");
  CHECK(std::stod(csv_row(csv, 2).at("ttft_p50_s")) == doctest::Approx(2.25).epsilon(0.01));
  CHECK(std::stod(csv_row(csv, 2).at("tpot_p99_s")) == doctest::Approx(0.25).epsilon(0.01));
  CHECK(std::stod(csv_row(csv, 0).at("ttft_p99_s")) == 0.0);
  const nlohmann::json s = m.summary();
  CHECK(s["measured"]["delivered"].get<std::uint64_t>() == 2);
  CHECK(s["delivered_rps"].get<double>() == 0.05);
  CHECK(s["throughput_rps"].get<double>() == 0.025);
}
