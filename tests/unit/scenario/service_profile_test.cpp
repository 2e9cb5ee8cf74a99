// The gpu service model's calibration fields in scenarios: `profile` is resolved against the
// scenario file that sets it, and `per_sequence_overhead_s` / `request_overhead_s` /
// `kv_cache_dtype` reach the spec.
#include <doctest/doctest.h>

#include "../config/temp_files.hpp"
#include "sim/scenario/scenario.hpp"

using opgsim::load_scenario;
using opgsim::testing::TempDir;

TEST_CASE("roles.inference.service.profile is relative to the scenario file that sets it") {
  TempDir dir;
  const std::string f = dir.write("sub/s.json", R"({"roles": {"inference": {"service":
      {"type": "gpu", "profile": "../profiles/h100.json", "per_sequence_overhead_s": 0.0004,
       "request_overhead_s": 0.007, "kv_cache_dtype": "fp8"}}}})");
  const auto s = load_scenario(f, {});
  CHECK(s.roles.inference.service.profile == dir / "profiles/h100.json");
  CHECK(s.roles.inference.service.per_sequence_overhead_s == 0.0004);
  CHECK(s.roles.inference.service.request_overhead_s == 0.007);
  CHECK(s.roles.inference.service.kv_cache_fp8);
}

TEST_CASE("gpu service defaults: no profile, no per-sequence or request overhead, 16-bit KV cache") {
  TempDir dir;
  const auto s = load_scenario(dir.write("s.json", R"({"roles": {"inference": {"service": {"type": "gpu"}}}})"), {});
  CHECK(s.roles.inference.service.profile.empty());
  CHECK(s.roles.inference.service.per_sequence_overhead_s == 0);
  CHECK(s.roles.inference.service.request_overhead_s == 0);
  CHECK(!s.roles.inference.service.kv_cache_fp8);
}

TEST_CASE("request_overhead_s must be >= 0") {
  TempDir dir;
  const std::string f = dir.write("s.json", R"({"roles": {"inference": {"service": {"type": "gpu", "request_overhead_s": -1}}}})");
  CHECK_THROWS(load_scenario(f, {}));
}
