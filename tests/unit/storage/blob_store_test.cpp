// Unit tests of the Walrus-like blob store: the fit reproduces the notes' points (§3f, §4) and
// one client's concurrent transfers serialize at its throughput cap.
#include <doctest/doctest.h>

#include "models/common/input_error.hpp"
#include "models/storage/blob_store.hpp"

using namespace opgsim::storage;

TEST_CASE("Walrus fit reproduces the notes' read and write points") {
  const BlobStore s;
  CHECK(s.read_s(130e6) == doctest::Approx(30.0).epsilon(0.05));   // "about 30 s at 130 MB"
  CHECK(s.write_s(130e6) == doctest::Approx(125.0).epsilon(0.05)); // "about 125 s at 130 MB" ⚠
  CHECK(s.read_s(20e6) < 15.0);                                     // "p50 < 15 s under 20 MB"
  CHECK(s.read_s(1e3) == 2.0);                                      // read floor
  CHECK(s.write_s(1e3) == 10.0);                                    // write floor
  CHECK(s.stored_bytes(1e6) == doctest::Approx(4.5e6));             // 4.5x replication
  CHECK(s.model_load_s(16e9) == doctest::Approx(16e9 / 4.5e6));     // 16 GB model: ~1 h cold start
}

TEST_CASE("one transfer alone takes its uncontended time") {
  BlobStore s;
  CHECK(s.start_transfer(7, Direction::Write, 130e6, 100.0) == doctest::Approx(100.0 + s.write_s(130e6)));
  CHECK(s.start_transfer(7, Direction::Read, 130e6, 100.0) == doctest::Approx(100.0 + s.read_s(130e6)));
  CHECK(s.busy_until(7, Direction::Write) == doctest::Approx(100.0 + 130e6 / 18e6));
  CHECK(s.busy_until(3, Direction::Write) == 0.0);  // never seen
}

TEST_CASE("a client's concurrent transfers serialize at the cap") {
  // No latency floor and a fast store: the cap is the only limit.
  BlobStoreConfig cfg;
  cfg.read_min_s = 0;
  cfg.read_bandwidth_Bps = 1e12;
  cfg.client_read_cap_Bps = 10e6;
  BlobStore s(cfg);
  for (int i = 1; i <= 4; ++i) CHECK(s.start_transfer(0, Direction::Read, 10e6, 0.0) == doctest::Approx(i * 1.0));
  // Another client is not held up, nor is the same client's other direction.
  CHECK(s.start_transfer(1, Direction::Read, 10e6, 0.0) == doctest::Approx(1.0));
  // After the pipe drains, a new transfer starts fresh.
  CHECK(s.start_transfer(0, Direction::Read, 10e6, 10.0) == doctest::Approx(11.0));
}

TEST_CASE("with Walrus defaults a burst of writes is capped at 18 MB/s") {
  BlobStore s;
  double last = 0;
  const int n = 100;  // 100 x 130 MB at once: 13 GB / 18 MB/s = 722 s
  for (int i = 0; i < n; ++i) last = s.start_transfer(0, Direction::Write, 130e6, 0.0);
  CHECK(last == doctest::Approx(n * 130e6 / 18e6));
  // Up to 17 concurrent writes still finish at their uncontended time (17 x 7.2 s < 130 s).
  BlobStore t;
  for (int i = 0; i < 17; ++i) CHECK(t.start_transfer(0, Direction::Write, 130e6, 0.0) == doctest::Approx(130.0));
}

TEST_CASE("bad config is an InputError") {
  BlobStoreConfig cfg;
  cfg.read_bandwidth_Bps = 0;
  CHECK_THROWS_AS(BlobStore{cfg}, opgsim::InputError);
  cfg = {};
  cfg.replication = 0.5;
  CHECK_THROWS_WITH_AS(cfg.validate("roles.storage"), "roles.storage.replication: must be >= 1, got 0.5",
                       opgsim::InputError);
}
