// `opgsim analyze`'s inputs read from folders: a run folder gives one load point per measured
// window of timeseries.csv, a folder that is neither a run nor a sweep is bad input, and a
// missing or malformed sweep.json is bad input naming the file.
#include <doctest/doctest.h>

#include "analysis/sweep/breaking_point.hpp"
#include "analysis/sweep/curve_writer.hpp"
#include "models/common/input_error.hpp"
#include "tests/unit/config/temp_files.hpp"
#include "sim/roles/role_registry.hpp"

using namespace opgsim::analysis;

TEST_CASE("a run folder gives one load point per measured window") {
  opgsim::testing::TempDir tmp;
  tmp.write("run/manifest.json", R"({"scenario": {"warmup_s": 10, "duration_s": 30}})");
  tmp.write("run/timeseries.csv",
            "t_start_s,t_end_s,arrivals,throughput_rps,latency_p50_s,latency_p99_s,queue_length\n"
            "0,10,50,5,0.1,0.2,0\n10,20,100,10,0.1,0.3,1\n20,30,300,12,2,9,40\n30,40,0,3,1,1,0\n");
  const auto points = points_of_run(tmp / "run", opgsim::role_signals());
  REQUIRE(points.size() == 2);  // the warm-up and the drain windows are left out
  CHECK(points[0].offered_rps == doctest::Approx(10));
  CHECK(points[1].offered_rps == doctest::Approx(30));
  CHECK(points[1].throughput_rps == doctest::Approx(12));
  CHECK(points[1].values.at("latency_s.p99") == doctest::Approx(9));
  CHECK(points[1].values.at("signals.queue_length.max") == doctest::Approx(40));
  const std::string text = analyze_folder(tmp / "run", {"latency_s.p99<=1"}, opgsim::role_signals());
  CHECK(text.rfind("knee at 30 requests/s (point 2 of 2)", 0) == 0);
  CHECK(text.find("broke first: GPU queue") != std::string::npos);
}

TEST_CASE("a folder that is neither a run nor a sweep, or has no sweep.json, is bad input") {
  opgsim::testing::TempDir tmp;
  tmp.write("empty/notes.md", "");
  CHECK_THROWS_AS(analyze_folder(tmp / "empty", {}, opgsim::role_signals()), opgsim::InputError);
  CHECK_THROWS_WITH_AS(read_sweep_spec(tmp / "empty"), doctest::Contains("sweep.json: no sweep here"),
                       opgsim::InputError);
  tmp.write("bad/sweep.json", "{");
  CHECK_THROWS_WITH_AS(read_sweep_spec(tmp / "bad"), doctest::Contains("sweep.json: malformed JSON"),
                       opgsim::InputError);
}

TEST_CASE("a run folder's windows take the ledger epoch in progress at their end: users leaving and the payment chain") {
  // Windows of 10 s, epochs of 20 s: the window ending at 30 s takes the epoch ending at 40 s.
  opgsim::testing::TempDir tmp;
  tmp.write("run/manifest.json", R"({"scenario": {"warmup_s": 0, "duration_s": 60}})");
  tmp.write("run/timeseries.csv",
            "t_start_s,t_end_s,arrivals,throughput_rps,latency_p50_s,latency_p99_s,ttft_p99_s,delivered_rps\n"
            "0,10,100,10,1,2,0.5,10\n10,20,100,10,1,2,0.5,10\n20,30,90,9,1,2,0.5,9\n30,40,80,8,1,2,0.5,8\n"
            "40,50,70,7,1,2,0.5,7\n50,60,60,6,1,2,0.5,6\n");
  tmp.write("run/ledger.csv",
            "t_end_s,active_users,payments_rejected\n20,1000,0\n40,950,0\n60,850,3\n");
  const auto points = points_of_run(tmp / "run", opgsim::role_signals());
  REQUIRE(points.size() == 6);
  CHECK(points[1].values.at("ledger.active_users") == 1000);  // ends at 20: the epoch ending at 20
  CHECK(points[2].values.at("ledger.active_users") == 950);   // ends at 30: the epoch ending at 40
  CHECK(points[4].values.at("ledger.active_users") == 850);
  CHECK(points[4].values.at("ledger.payments_rejected") == 3);
  CHECK(points[0].values.at("ttft_s.p99") == doctest::Approx(0.5));
  CHECK(points[0].values.at("delivered_rps") == doctest::Approx(10));
  // Latency and throughput follow; the users going (850 < 0.9 x 1000 from 40 s on, three windows
  // to the end) are a knee of their own, and the refused payments cross at the same window.
  const std::string text = analyze_folder(tmp / "run", {}, opgsim::role_signals());
  INFO(text);
  CHECK(text.find("knee at 7 requests/s (point 5 of 6): the network loses users (users leaving: "
                  "ledger.active_users = 850") != std::string::npos);
  CHECK(text.find("broke first: payment chain\n") != std::string::npos);  // a cause, blamed before users leaving
  CHECK(run_verdict(tmp / "run", opgsim::role_signals()).rfind("broke first at payment chain: knee at 7 requests/s", 0) == 0);
}
