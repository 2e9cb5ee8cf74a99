// RunMetrics' timeseries.csv: every column in the header, the sampled values in the rows, and
// per-window finality percentiles that follow completions by end time.
#include <doctest/doctest.h>

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
    w.queue_length = 3;
    w.utilization[static_cast<int>(Role::Inference)] = 0.5;
    w.utilization[static_cast<int>(Role::Router)] = 0.125;
    w.utilization[static_cast<int>(Role::Verifier)] = 0.75;
    w.verifier_backlog = 4;
    w.data_in_flight = 5;
    w.storage_in_flight = 6;
    w.settlement_pending = 7;
    w.blocks = 8;
    w.base_fee_gwei = 12.5;
    w.nodes_up = {9, 10, 11, 12, 13};
    m.on_window_sample(0, RunMetrics::WindowSample{});
    m.on_window_sample(1, w);
    m.on_window_sample(2, RunMetrics::WindowSample{});
    m.finish(30);
    const std::string csv = m.timeseries_csv();
    const auto ls = lines(csv);
    REQUIRE(ls.size() == 4);  // header + 3 windows
    std::string expected_header =
        "t_start_s,t_end_s,arrivals,completed,rejected,timed_out,failed,invalid,in_flight,"
        "throughput_rps,latency_p50_s,latency_p99_s,queue_length,utilization_inference,occupancy_inference,"
        "preemptions";
    if (router) expected_header += ",utilization_router";
    expected_header +=
        ",verifier_backlog,data_in_flight,storage_in_flight,settlement_pending,blocks,base_fee_gwei,"
        "up_inference,up_verifier,up_data,up_storage,up_validator,utilization_verifier,finality_p99_s";
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

