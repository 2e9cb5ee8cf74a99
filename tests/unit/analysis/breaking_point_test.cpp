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
